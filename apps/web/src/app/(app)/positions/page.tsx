import { RequirePermission } from '../../../components/session-user.tsx';
import { PositionsView } from './positions-view.tsx';

export const metadata = { title: 'Positions · Zomma' };

export default function PositionsPage() {
  return (
    <RequirePermission permission="position.read">
      <PositionsView />
    </RequirePermission>
  );
}
