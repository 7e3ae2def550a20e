/**
 * The notebook and cell settings forms, rendered from the shared JSON Schemas and validated
 * as you type (the schedule also through cronstrue). Views only: they get the current value
 * and report changes; the caller writes `metadata.nbpromote`.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { FormComponent, type IFormComponentProps } from '@jupyterlab/ui-components';
import { JSONExt, type JSONObject } from '@lumino/coreutils';
import type { FormValidation, RJSFSchema, UiSchema } from '@rjsf/utils';
import React, { useEffect, useRef, useState } from 'react';
import { formValidator } from '../forms/validator';
import { readSchedule } from './cron';
import { ScheduleWidget } from './ScheduleWidget';
import { cellSettingsSchema, notebookSettingsSchema } from './schemas';
import { asFormData, pruneEmpty, storableSettings } from './settingsValue';

export namespace SettingsForm {
  export interface IProps {
    value: JSONObject;
    onChange: (value: JSONObject) => void;
    trans: TranslationBundle;
  }
}

/**
 * Settings of the notebook: project, algorithm, owner, ..., schedule, requirements. What is
 * typed stays in the form; a schedule it flags is not written (the stored one stays), so the
 * notebook never holds a schedule that would not run.
 */
export function NotebookSettingsForm(props: SettingsForm.IProps): JSX.Element {
  const { trans, value, onChange } = props;
  const [draft, setDraft] = useState<JSONObject>(value);
  // What this form last wrote; any other stored value came from elsewhere (undo, another view).
  const written = useRef<JSONObject>(value);
  useEffect(() => {
    if (!JSONExt.deepEqual(value, written.current)) {
      written.current = value;
      setDraft(value);
    }
  }, [value]);
  const change = (data: JSONObject) => {
    setDraft(data);
    const storable = storableSettings(data, value, s => readSchedule(s).ok);
    written.current = asFormData(pruneEmpty(storable));
    onChange(storable);
  };
  const uiSchema: UiSchema = {
    project: { 'ui:title': trans.__('Project') },
    algorithm: { 'ui:title': trans.__('Algorithm') },
    owner: { 'ui:title': trans.__('Owner') },
    description: { 'ui:title': trans.__('Description'), 'ui:widget': 'textarea' },
    environment: { 'ui:title': trans.__('Target environment') },
    schedule: { 'ui:title': trans.__('Schedule'), 'ui:widget': ScheduleWidget },
    requirements: { 'ui:title': trans.__('Requirements') },
    version: { 'ui:title': trans.__('Version') }
  };
  return (
    <Private.Form
      schema={notebookSettingsSchema}
      uiSchema={uiSchema}
      idPrefix="nbp-notebook-settings"
      customValidate={Private.checkSchedule}
      trans={trans}
      value={draft}
      onChange={change}
    />
  );
}

/** Settings of a cell, for the step it starts: resources, image, retries, role. */
export function CellSettingsForm(props: SettingsForm.IProps): JSX.Element {
  const { trans } = props;
  const uiSchema: UiSchema = {
    resources: {
      'ui:title': trans.__('Resources'),
      cpu: { 'ui:title': trans.__('CPU') },
      memory: { 'ui:title': trans.__('Memory') },
      gpu: { 'ui:title': trans.__('GPUs') }
    },
    image: { 'ui:title': trans.__('Container image') },
    retries: { 'ui:title': trans.__('Retries') },
    role: { 'ui:title': trans.__('Blueprint role') }
  };
  return (
    <Private.Form
      schema={cellSettingsSchema}
      uiSchema={uiSchema}
      idPrefix="nbp-cell-settings"
      {...props}
    />
  );
}

namespace Private {
  export function checkSchedule(
    data: JSONObject | undefined,
    errors: FormValidation<JSONObject>
  ): FormValidation<JSONObject> {
    const schedule = data?.schedule;
    if (typeof schedule === 'string' && schedule.trim() !== '') {
      const reading = readSchedule(schedule);
      if (!reading.ok) {
        (errors as unknown as Record<string, FormValidation>).schedule?.addError(reading.error);
      }
    }
    return errors;
  }

  export function Form(
    props: SettingsForm.IProps & {
      schema: RJSFSchema;
      uiSchema: UiSchema;
      idPrefix: string;
      customValidate?: (
        data: JSONObject | undefined,
        errors: FormValidation<JSONObject>
      ) => FormValidation<JSONObject>;
    }
  ): JSX.Element {
    return (
      <FormComponent
        schema={props.schema}
        uiSchema={
          {
            ...props.uiSchema,
            'ui:submitButtonOptions': { norender: true }
          } as IFormComponentProps['uiSchema']
        }
        formData={props.value}
        validator={formValidator as IFormComponentProps['validator']}
        idPrefix={props.idPrefix}
        liveValidate
        showErrorList={false}
        customValidate={props.customValidate as never}
        compact
        onChange={event => props.onChange((event.formData ?? {}) as JSONObject)}
      />
    );
  }
}
