import { render } from 'preact';
import { readBlockedTarget } from '../shared/blocked-url';
import { FramedNotice, isFramed } from '../shared/FramedNotice';
import { BlockedPage } from './BlockedPage';

const target = readBlockedTarget(location);
render(isFramed() ? <FramedNotice target={target} page="blocked" /> : <BlockedPage target={target} />, document.getElementById('root')!);
