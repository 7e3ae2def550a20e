/** Every nbpromote command id, in one place (`nbpromote:verb-noun`). */
export namespace CommandIDs {
  export const promote = 'nbpromote:promote';
  export const openRequests = 'nbpromote:open-requests';
  export const refreshRequests = 'nbpromote:refresh-requests';
  export const withdrawRequest = 'nbpromote:withdraw-request';
  export const submitRevision = 'nbpromote:submit-revision';
  export const tagStep = 'nbpromote:tag-step';
  export const tagNextStep = 'nbpromote:tag-next-step';
  export const tagSkip = 'nbpromote:tag-skip';
  export const tagImports = 'nbpromote:tag-imports';
  export const tagFunctions = 'nbpromote:tag-functions';
  export const tagParameters = 'nbpromote:tag-parameters';
  export const tagMetrics = 'nbpromote:tag-metrics';
  export const untagCells = 'nbpromote:untag-cells';
  export const openPipeline = 'nbpromote:open-pipeline';
  export const refreshCheck = 'nbpromote:refresh-check';
  export const editSettings = 'nbpromote:edit-settings';
  export const openReview = 'nbpromote:open-review';
  export const openCatalog = 'nbpromote:open-catalog';
  export const refreshCatalog = 'nbpromote:refresh-catalog';
}
