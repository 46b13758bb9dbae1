import { RequirePermission } from '../../../components/session-user.tsx';
import { AuditView } from './audit-view.tsx';

export const metadata = { title: 'Audit · Zomma' };

export default function AuditPage() {
  return (
    <RequirePermission permission="audit.read">
      <AuditView />
    </RequirePermission>
  );
}
