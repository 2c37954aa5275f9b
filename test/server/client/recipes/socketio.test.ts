/** Recipe: the Socket.IO Redis adapter (`createAdapter(pub, pub.duplicate())`) across 20 rotations. */
import { classic, defineSocketIoRecipe } from "./socketio-recipe.ts";

defineSocketIoRecipe("Socket.IO Redis adapter recipe", classic);
