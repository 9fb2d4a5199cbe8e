/** Unit aliases as the dashboard reads them (defined with the ledger's vocabulary, which validation shares). */
export { ALIAS_SLOTS, aliasPieces } from "../ledger/aliases";
