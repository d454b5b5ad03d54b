import { render } from 'preact';
import { PopupPage } from './PopupPage';

render(<PopupPage search={location.search} />, document.getElementById('root')!);
