/** `deploy.yaml#2`, or `list.yaml#0.3` for the fourth item of the List in the first document. */
export function objectLocation(file: string, index: number | null, item: number | null): string {
  if (index === null) return file;
  return item === null ? `${file}#${index}` : `${file}#${index}.${item}`;
}
