// What a site role may do in the UI (the server enforces the same rules).

/** Admins and owners see and change a site's settings; viewers only see its dashboard. */
export function canManage(role) {
  return role === 'owner' || role === 'admin';
}
