import { RequirePermission } from '../../../components/session-user.tsx';
import { RiskView } from './risk-view.tsx';

export const metadata = { title: 'Risk · Zomma' };

export default function RiskPage() {
  return (
    <RequirePermission permission="risk.read">
      <RiskView />
    </RequirePermission>
  );
}
