import { RequirePermission } from '../../../components/session-user.tsx';
import { ModelsView } from './models-view.tsx';

export const metadata = { title: 'Models · Zomma' };

export default function ModelsPage() {
  return (
    <RequirePermission permission="model.read">
      <ModelsView />
    </RequirePermission>
  );
}
