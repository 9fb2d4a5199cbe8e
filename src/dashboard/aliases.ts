/** Unit aliases as the dashboard reads them (defined with the ledger's vocabulary, which validation shares). */
export { ALIAS_ROWS, ALIAS_UNIT_ROWS, allAliasPieces, countedAliases } from "../ledger/aliases";
