/**
 * The IT Lead's and DSL's dashboard. Everything shown comes from pupils'
 * devices and web pages, so it is rendered as text by Preact (never as HTML),
 * and the page's CSP forbids inline script besides.
 */
import { render } from 'preact';
import { LOGIN_PAGE } from './api';
import './styles.css';
import { App } from './views/App';
import { LoginView } from './views/LoginView';

const root = document.getElementById('app')!;
render(window.location.pathname === LOGIN_PAGE ? <LoginView /> : <App />, root);
