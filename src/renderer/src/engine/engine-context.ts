/** React access to the window's engine client (provided once in main.tsx, or a fake in tests). */
import { createContext, useContext } from 'react';
import type { RendererEngineClient } from './rpc-client';

/** Context holding the engine client. */
export const EngineContext = createContext<RendererEngineClient | null>(null);

/** The engine client of this window. */
export function useEngine(): RendererEngineClient {
  const client = useContext(EngineContext);
  if (!client) throw new Error('useEngine needs an <EngineContext.Provider>');
  return client;
}
