// Gitflow in plain git: the engine the extension's commands and the `devops-lifecycle flow` CLI share.
export { abortFinish, ABORTED_REFS } from './abort';
export { finishFlow, defaultTagMessage, type FinishProgress } from './finish';
export { FINISH_STATE_FILE } from './finishState';
export { Git, type GitOptions } from './git';
export { guessInit, initFlow, type InitGuess } from './init';
export * from './model';
export { branchNameProblem, flowNameProblem } from './refName';
export { readRepoState } from './repoState';
export { startFlow } from './start';
export { checkoutBranch, readFlowStatus, type CheckoutResult, type FlowStatus } from './status';
