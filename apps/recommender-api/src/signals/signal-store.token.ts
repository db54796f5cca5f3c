/** Injection token of the SignalStore (an interface: Redis or memory, chosen at boot). */
export const SIGNAL_STORE = 'SignalStore';
