import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App';
import './styles.css';

// Field messages of the domain schemas that carry no message of their own, in Chinese.
z.config(z.locales.zhCN());

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
