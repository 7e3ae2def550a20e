import type { FormValidation, RJSFSchema } from '@rjsf/utils';
import { formValidator } from '../forms/validator';
import { cellSettingsSchema, notebookSettingsSchema } from '../metadata/schemas';

describe('the form validator on JupyterLab’s own JSON Schema validator', () => {
  it('accepts valid settings and names the field of an invalid one', () => {
    const ok = formValidator.validateFormData(
      { project: 'titanic', owner: 'data-science@example.com' },
      notebookSettingsSchema
    );
    expect(ok.errors).toEqual([]);

    const bad = formValidator.validateFormData({ project: 'Not Valid' }, notebookSettingsSchema);
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]).toMatchObject({ name: 'pattern', property: '.project' });
    expect(bad.errorSchema).toEqual({ project: { __errors: [expect.stringMatching(/pattern/)] } });
  });

  it('reports nested and missing fields at their path', () => {
    const schema: RJSFSchema = {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        resources: { type: 'object', properties: { cpu: { type: 'number', minimum: 0 } } }
      }
    };
    const nested = formValidator.validateFormData({ name: 'x', resources: { cpu: -1 } }, schema);
    expect(nested.errorSchema).toEqual({
      resources: { cpu: { __errors: [expect.stringMatching(/>= 0/)] } }
    });
    const missing = formValidator.validateFormData({}, schema);
    expect(missing.errors[0]).toMatchObject({ name: 'required', property: '.name' });
    expect(formValidator.toErrorList(nested.errorSchema)).toEqual([
      expect.objectContaining({ property: '.resources.cpu' })
    ]);
  });

  it('adds what a custom validator reports', () => {
    const result = formValidator.validateFormData(
      { project: 'titanic', schedule: '61 * * * *' },
      notebookSettingsSchema,
      (data, errors: FormValidation) => {
        (errors as unknown as Record<string, FormValidation>).schedule.addError(
          'minutes must be 0-59'
        );
        return errors;
      }
    );
    expect(result.errorSchema).toEqual({ schedule: { __errors: ['minutes must be 0-59'] } });
  });

  it('tells which alternative of a oneOf matches, with the root schema’s definitions', () => {
    const root: RJSFSchema = {
      definitions: { size: { type: 'string', pattern: '^[0-9]+Gi$' } },
      type: 'object',
      properties: {}
    };
    expect(formValidator.isValid({ $ref: '#/definitions/size' }, '4Gi', root)).toBe(true);
    expect(formValidator.isValid({ $ref: '#/definitions/size' }, '4 GB', root)).toBe(false);
    expect(formValidator.isValid({ type: 'number' }, 3, root)).toBe(true);
    expect(formValidator.validateFormData({ retries: 2 }, cellSettingsSchema).errors).toEqual([]);
    expect(formValidator.rawValidation({ type: 'integer' }, 'x').errors).toHaveLength(1);
    expect(formValidator.rawValidation({ type: 'integer' }, 2)).toEqual({});
  });
});
