/**
 * Recipe: the Socket.IO sharded Redis adapter (`createShardedAdapter`, SSUBSCRIBE/SPUBLISH) on RESP3
 * connections across 20 rotations.
 */
import { defineSocketIoRecipe, sharded } from "./socketio-recipe.ts";

defineSocketIoRecipe("Socket.IO sharded Redis adapter recipe (RESP3)", sharded);
