// A no-op dynamic provider for resources of a given shape: `check` fills in defaults, `create`
// adds the output-only properties, `read` hands the state back with its inputs, `diff` compares
// the inputs. No validation, no HTTP: the least a provider of this shape can do.
const { randomUUID } = require("node:crypto");

function fill(inputs, defaults) {
  const out = { ...inputs };
  for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined) out[k] = v;
  return out;
}

function pick(props, keys) {
  const out = {};
  for (const k of keys) if (props[k] !== undefined) out[k] = props[k];
  return out;
}

exports.noopProvider = (inputKeys, defaults, outputsOf) => ({
  async check(_olds, news) {
    return { inputs: fill(news, defaults) };
  },
  async diff(_id, olds, news) {
    const changes = inputKeys.some((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
    return { changes, replaces: [], deleteBeforeReplace: false };
  },
  async create(inputs) {
    // A UUID, like Coder's ids (the TemplateAcl stores every group's id).
    return { id: randomUUID(), outs: { ...inputs, ...outputsOf(inputs) } };
  },
  async read(id, props) {
    return { id, props, inputs: pick(props, inputKeys) };
  },
  async update(_id, _olds, news) {
    return { outs: { ...news, ...outputsOf(news) } };
  },
  async delete() {},
});
