// Renderer entry.
import './styles/base.css';
import './styles/visitor.css';
import './styles/staff.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { registerFonts } from './fonts.js';
import { createBrowserClient } from './live/use-live-core.js';

registerFonts(document.fonts);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('renderer_no_root: index.html has no #root element');
createRoot(rootElement).render(
  <StrictMode>
    <App client={createBrowserClient()} />
  </StrictMode>,
);
