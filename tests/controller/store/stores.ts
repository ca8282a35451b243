import { join } from 'node:path';
import { openStore, type Store } from '../../../controller/store/open.js';
import { tempPostgres } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Both real databases the controller supports, each fresh, for tests that must hold on both. */
export const storeKinds = [
  {
    name: 'sqlite',
    async open(): Promise<{ store: Store; dispose(): Promise<void> }> {
      const dir = tempDir();
      const store = await openStore(`sqlite:${join(dir.path, 'test.db')}`);
      return {
        store,
        dispose: async () => {
          await store.close();
          dir.remove();
        },
      };
    },
  },
  {
    name: 'postgres',
    async open(): Promise<{ store: Store; dispose(): Promise<void> }> {
      const db = await tempPostgres();
      const store = await openStore(db.url);
      return {
        store,
        dispose: async () => {
          await store.close();
          await db.drop();
        },
      };
    },
  },
] as const;
