/** Small nbformat 4.5 notebooks for the service tests. */
export interface TestCell {
  id: string;
  source: string;
  tags?: string[];
}

export function notebook(
  cells: TestCell[] = [{ id: 'c1', source: 'answer = 6 * 7' }],
  nbpromote: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: Object.keys(nbpromote).length ? { nbpromote } : {},
    cells: cells.map(c => ({
      cell_type: 'code',
      id: c.id,
      metadata: c.tags ? { tags: c.tags } : {},
      source: c.source,
      outputs: [],
      execution_count: null
    }))
  };
}
