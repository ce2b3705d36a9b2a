// Officials' console entry (served by the key server at /console/).
import './styles/console.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleClient } from '../../shared/api/console-client.js';
import { registerFonts } from '../fonts.js';
import { ConsoleApp } from './app.js';

registerFonts(document.fonts);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('console_no_root: console/index.html has no #root element');
const client = new ConsoleClient({ fetch: (url, init) => window.fetch(url, { ...init, credentials: 'same-origin' }) });
createRoot(rootElement).render(
  <StrictMode>
    <ConsoleApp client={client} />
  </StrictMode>,
);
