/** The built-in paper broker: the BrokerAdapter the trading service uses by default. */
export { createPaperBroker, dayOrderExpiry, type PaperBroker, type PaperBrokerDeps } from './paper-broker';
export { DEFAULT_PAPER_BROKER_CONFIG, type PaperBrokerConfig } from './config';
export type { PaperInstrument } from './refusals';
