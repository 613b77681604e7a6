/**
 * How many frames a stack keeps inside the workflow sandbox (V8's default is 10), set once per V8
 * context by the preloaded shared modules. The SDK's promise hook takes a stack trace of every
 * promise a workflow creates (for the `__stack_trace` query, with no option to turn it off), and
 * at the full path's load that hook was about 45 % of the workflow thread's CPU (issue 19,
 * bench/README "The promise hook's stack traces"). Four frames are the hook's own two and the two
 * innermost of the workflow: enough for the stack-trace query to say where a run waits, and for a
 * workflow failure to say where it was thrown; the hook links Promise.race/all through its top
 * frames, which these keep.
 */
export const WORKFLOW_STACK_FRAMES = 4;
