// SELinux types, users and roles a pod might name, as the container-selinux policy (container.te,
// shipped with container runtimes), its older svirt/docker aliases and common host policies name
// them (not every name exists in every policy version). A type allow-list that wrongly admits one
// of these (a plausible edit: "container_logreader_t is a container type too") must meet it in
// generated pods; random names cover the rest.

export const SELINUX_TYPES: readonly string[] = [
  // container-selinux: process types
  'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t', 'container_logreader_t',
  'container_userns_t', 'container_runtime_t', 'container_device_t', 'container_device_plugin_t',
  'container_device_plugin_init_t', 'container_auth_t', 'container_build_t',
  'spc_t', 'super_t',
  // container-selinux: file and other object types
  'container_file_t', 'container_ro_file_t', 'container_var_lib_t', 'container_var_run_t', 'container_log_t',
  'container_config_t', 'container_lock_t', 'container_home_t', 'container_share_t', 'container_runtime_exec_t',
  'container_runtime_tmpfs_t', 'container_unit_file_t', 'container_plugin_var_run_t', 'container_kvm_var_run_t',
  'container_devpts_t', 'container_port_t', 'container_exec_t',
  // older names and aliases
  'svirt_lxc_net_t', 'svirt_sandbox_file_t', 'svirt_t', 'svirt_tcg_t', 'svirt_image_t', 'docker_t', 'docker_exec_t',
  // host types
  'unconfined_t', 'unconfined_service_t', 'kernel_t', 'init_t', 'initrc_t', 'sysadm_t', 'staff_t', 'user_t',
  'kubelet_t', 'kubernetes_t', 'iptables_t', 'sshd_t', 'httpd_t', 'var_log_t', 'etc_t', 'default_t',
];

export const SELINUX_USERS: readonly string[] = ['system_u', 'unconfined_u', 'user_u', 'staff_u', 'sysadm_u', 'root', 'guest_u', 'xguest_u'];

export const SELINUX_ROLES: readonly string[] = ['system_r', 'object_r', 'unconfined_r', 'staff_r', 'sysadm_r', 'user_r', 'guest_r'];
