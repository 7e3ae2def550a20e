import { applyTagChange, nextBlueprintStep, pickerValue, toggleRole } from '../tagging/tagEdit';
import { checkStepName, readTags } from '../tagging/vocabulary';

describe('readTags', () => {
  it('reads step:, Kale block: and prev: tags', () => {
    expect(readTags(['step:train', 'prev:extract'])).toEqual({
      kind: 'step',
      step: 'train',
      prev: ['extract']
    });
    expect(readTags(['block:clean'])).toEqual({ kind: 'step', step: 'clean', prev: [] });
  });

  it('reads an untagged cell as joining the step above', () => {
    expect(readTags(['my-own-tag'])).toEqual({ kind: 'step', step: undefined, prev: [] });
  });

  it('lets the most exclusive role win, as the engine does', () => {
    expect(readTags(['step:train', 'skip'])).toEqual({ kind: 'skip' });
    expect(readTags(['pipeline-parameters'])).toEqual({ kind: 'parameters' });
    expect(readTags(['pipeline-metrics'])).toEqual({ kind: 'metrics' });
    expect(readTags(['parameters', 'injected-parameters'])).toEqual({ kind: 'injected' });
  });

  it('ignores malformed step names', () => {
    expect(readTags(['step:Train Model'])).toEqual({ kind: 'step', step: undefined, prev: [] });
  });
});

describe('checkStepName', () => {
  it.each(['train', '_x', 'step_2'])('accepts %s', name => {
    expect(checkStepName(name)).toBeNull();
  });
  it.each(['Train', 'my step', '2nd', 'a-b'])('refuses %s', name => {
    expect(checkStepName(name)).toBe('pattern');
  });
  it('refuses an empty name', () => {
    expect(checkStepName('')).toBe('empty');
  });
});

describe('applyTagChange', () => {
  it('replaces any step: or block: tag and keeps prev: and foreign tags', () => {
    expect(
      applyTagChange(['mine', 'block:old', 'prev:extract', 'step:other'], {
        kind: 'step',
        step: 'train'
      })
    ).toEqual(['mine', 'prev:extract', 'step:train']);
  });

  it('writes the vocabulary tags for roles, replacing the step', () => {
    expect(applyTagChange(['step:train'], { kind: 'role', role: 'skip' })).toEqual(['skip']);
    expect(applyTagChange([], { kind: 'role', role: 'metrics' })).toEqual(['pipeline-metrics']);
    expect(applyTagChange(['pipeline-parameters'], { kind: 'role', role: 'parameters' })).toEqual([
      'parameters'
    ]);
  });

  it('clears only pipeline tags and leaves injected-parameters alone', () => {
    expect(applyTagChange(['imports', 'injected-parameters', 'x'], { kind: 'clear' })).toEqual([
      'injected-parameters',
      'x'
    ]);
  });

  it('refuses an invalid step name', () => {
    expect(() => applyTagChange([], { kind: 'step', step: 'Bad Name' })).toThrow(/not a valid/);
  });

  it('does not modify its input', () => {
    const tags = ['step:a'];
    applyTagChange(tags, { kind: 'clear' });
    expect(tags).toEqual(['step:a']);
  });
});

describe('toggleRole', () => {
  it('sets the role unless every cell has it already', () => {
    expect(toggleRole([['skip'], []], 'skip')).toEqual({ kind: 'role', role: 'skip' });
    expect(toggleRole([['skip'], ['skip', 'x']], 'skip')).toEqual({ kind: 'clear' });
    expect(toggleRole([], 'skip')).toEqual({ kind: 'role', role: 'skip' });
  });
});

describe('nextBlueprintStep', () => {
  it('follows the blueprint order', () => {
    expect(nextBlueprintStep(undefined)).toBe('extract');
    expect(nextBlueprintStep('extract')).toBe('preprocess');
    expect(nextBlueprintStep('predict')).toBe('evaluate');
    expect(nextBlueprintStep('evaluate')).toBeUndefined();
  });
});

describe('pickerValue', () => {
  it('names the step or the role', () => {
    expect(pickerValue(readTags(['step:train']))).toBe('step:train');
    expect(pickerValue(readTags(['pipeline-metrics']))).toBe('metrics');
    expect(pickerValue(readTags([]))).toBe('');
  });
});
