/** Permission strings both the checker and real Redis accept (shared by the unit and the redis-server tests). */
// Built-in Azure policies (docs/azure-facts.md, "Data access policies").
export const BUILT_INS = {
  "Data Owner": "+@all allkeys",
  "Data Contributor": "+@all -@dangerous +cluster|info +cluster|nodes +cluster|slots allkeys",
  "Data Reader": "+@read +@connection +cluster|info +cluster|nodes +cluster|slots allkeys",
};

export const ACCEPTED = [
  ...Object.values(BUILT_INS),
  "+get ~cache:*",
  "+@read -@dangerous ~reports:* ~cache:*",
  "allcommands allkeys",
  "nocommands +ping",
  "+GET +@READ ALLKEYS", // Redis is case-insensitive here
  "+config|get +client|list +object|encoding",
  "+select|0", // first argument of a command without subcommands (Redis 6 syntax)
  "resetchannels &events:* &jobs:*",
  "allchannels allkeys",
  "&* ~*",
  "allkeys resetkeys ~a:*",
  "allchannels resetchannels &a",
  "  +get   ~x  ", // extra spaces are no-ops
  "+getdel +lmove +@stream", // Redis 6.2 commands
];
