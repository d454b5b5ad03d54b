import { render } from 'preact';
import { StatusPage } from './StatusPage';

render(<StatusPage />, document.getElementById('root')!);
