import { render } from 'preact';
import { readBlockedTarget } from '../shared/blocked-url';
import { BlockedPage } from './BlockedPage';

render(<BlockedPage target={readBlockedTarget(location)} />, document.getElementById('root')!);
