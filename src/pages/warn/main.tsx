import { render } from 'preact';
import { readBlockedTarget } from '../shared/blocked-url';
import { WarnPage } from './WarnPage';

render(<WarnPage target={readBlockedTarget(location)} />, document.getElementById('root')!);
