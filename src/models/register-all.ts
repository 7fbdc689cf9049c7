/** Side-effect import that registers every model shipped in src/models with the registry. */
import './registry';
import '../ranking/register-fused';
