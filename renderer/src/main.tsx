// Renderer entry: builds every store from the one injected API (window.signer) and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getSignerApi } from './api/signer-api.js';
import { createAppStores, StoresProvider } from './stores/context.js';
import { App } from './App.js';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const stores = createAppStores(getSignerApi());
createRoot(container).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App />
    </StoresProvider>
  </StrictMode>,
);
