import { newResourceId } from "../shared/ids.ts";
import type { Repository } from "./repository.ts";

/** A fresh resource ID not used by any resource yet (collisions are rare: 9 million IDs). */
export async function allocateId(repository: Repository): Promise<string> {
  for (;;) {
    const id = newResourceId();
    if (!(await repository.idExists(id))) return id;
  }
}
