/**
 * zod's global configuration, imported by main.tsx before anything that builds a schema (zod
 * decides at schema construction whether to compile parsers).
 */
import { z } from 'zod';

// Field messages of the domain schemas that carry no message of their own, in Chinese.
z.config(z.locales.zhCN());
// No compiled parsers: zod would probe `new Function`, which the page's content-security-policy
// (script-src 'self', no 'unsafe-eval') refuses and reports.
z.config({ jitless: true });
