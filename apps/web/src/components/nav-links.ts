import { can, type Permission } from '@zomma/contracts';

export interface NavLink {
  href: string;
  label: string;
  permission: Permission;
}

/** Pages in nav order, each with the permission it needs. */
export const NAV_LINKS: readonly NavLink[] = [
  { href: '/signals', label: 'Signals', permission: 'signal.read' },
  { href: '/positions', label: 'Positions', permission: 'position.read' },
  { href: '/risk', label: 'Risk', permission: 'risk.read' },
  { href: '/models', label: 'Models', permission: 'model.read' },
  { href: '/audit', label: 'Audit', permission: 'audit.read' },
];

export function allowedLinks(role: string | null | undefined): NavLink[] {
  return NAV_LINKS.filter((link) => can(role, link.permission));
}

export function firstAllowedPath(role: string | null | undefined): string {
  return allowedLinks(role)[0]?.href ?? '/signin';
}
