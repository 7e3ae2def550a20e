/** Every nbpromote command id, in one place (`nbpromote:verb-noun`). */
export namespace CommandIDs {
  export const promote = 'nbpromote:promote';
}
