import { render } from 'preact';
import { readBlockedTarget } from '../shared/blocked-url';
import { FramedNotice, isFramed } from '../shared/FramedNotice';
import { WarnPage } from './WarnPage';

const target = readBlockedTarget(location);
render(isFramed() ? <FramedNotice target={target} page="warn" /> : <WarnPage target={target} />, document.getElementById('root')!);
