import { RequirePermission } from '../../../components/session-user.tsx';
import { SignalsView } from './signals-view.tsx';

export const metadata = { title: 'Signals · Zomma' };

export default function SignalsPage() {
  return (
    <RequirePermission permission="signal.read">
      <SignalsView />
    </RequirePermission>
  );
}
