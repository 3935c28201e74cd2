import { schemaValidators, type Validator } from "@braze-subscriptions/validators";

/**
 * The generated validator of a component schema. Throws when the validators package lacks it,
 * which only happens when it was built from another version of the spec than the client.
 */
export function validatorFor(schemaName: string): Validator<unknown> {
  const validator = schemaValidators[schemaName];
  if (!validator) {
    throw new Error(
      `@braze-subscriptions/validators has no validator for schema "${schemaName}": rebuild it from the same spec as @braze-subscriptions/client`,
    );
  }
  return validator;
}
