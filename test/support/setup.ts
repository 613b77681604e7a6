/** Per test file: keep the Temporal Core SDK's own log lines to errors. */
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  /* already installed in this process */
}
