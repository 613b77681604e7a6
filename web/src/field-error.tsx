/**
 * A form's field-level refusals, shown next to their fields: `err(k)` is the message under field k
 * and `described(k)` the attributes that tie the field to it for screen readers.
 */
export function fieldErrorView(id: string, errors: Readonly<Partial<Record<string, string>>>) {
  const err = (k: string) =>
    errors[k] ? (
      <p className="field-error" role="alert" id={`${id}-${k}-err`}>
        {errors[k]}
      </p>
    ) : null;
  const described = (k: string) => (errors[k] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${k}-err` } : {});
  return { err, described };
}
