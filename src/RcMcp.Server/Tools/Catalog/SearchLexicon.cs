namespace RcMcp.Server.Tools.Catalog;

/// <summary>
/// The words people use, mapped to the words of our tools (spend → cost report, firewall → CIDR allow-list, wipe →
/// flush). A request's words are searched as they are and, with a lower weight, as these expansions. Triggers are
/// words or phrases (matched after stemming, longest first; a phrase's words are not matched again alone).
/// Curated by hand: add a line when the evaluation set (tests/RcMcp.Server.Tests/Catalog/search-eval.tsv) shows a
/// request that misses, and add that request to the set.
/// </summary>
public static class SearchLexicon
{
    /// <summary>The weight of an expanded word against 1 for a word of the request itself.</summary>
    public const double Expanded = 0.6;

    /// <summary>(triggers separated by |, the words they stand for, the weight of those words).</summary>
    public static readonly (string Triggers, string Means, double Weight)[] Entries =
    [
        // Filler: words that say nothing about the operation.
        ("make sure|ensure|double check|can you|could you|i want to|i need to|we need to|how do i|how can i|go ahead|for me", "", 0),
        // A state, not a request: "delete the subscription, it's empty"; a tag key, not money.
        ("it's empty|is empty|are empty|empty now|is now empty|cost center|cost centre|cost-center", "", 0),
        ("last night|tonight|yesterday|today|this morning|this week|last week|right now|asap", "", 0),

        // Money: what was spent is a cost report; what something costs now is its pricing; what it would cost, a dry run.
        ("spend|spent|spending|expense|expenses|invoice|invoices|bill|bills|billing|billed|finops|chargeback|charges|charged|usage report|cost report|cost reports", "cost report", 1.0),
        ("cost|costs|money|paying|pay|how much", "cost report pricing price", Expanded),
        ("cost|costs", "cost", 1.0),
        ("price|prices|priced|pricing|how expensive|rate|rates", "pricing price", Expanded),
        ("price|prices|priced|pricing", "price pricing", 1.0),
        ("would|estimate|estimated|quote|what if", "dry run price", 0.4),
        ("how much would|what would it cost|how much will|what will it cost", "dry run price", 0.8),
        ("how+much+would+cost|how+much+will+cost|would+cost|will+cost|would+price|would+pay", "dry run price create", 0.9),
        ("how+much+does+cost|how+much+do+cost|does+cost|do+cost|per+hour|hourly|unit price|how much is|each hour|an hour|per hour", "pricing price", 0.9),
        ("credit card|credit cards|card|cards|on file|billing method", "payment method", 0.9),
        ("card+charged|card+charge|card+pay|card+bill|card+used", "payment method", 1.0),
        ("last month|this month|per month|each month|monthly|quarter|september|october|november|december|january|february|march|april|june|july|august|q1|q2|q3|q4|ytd|date range",
            "cost report period", 0.4),

        // Network access.
        ("firewall|firewalls|whitelist|whitelisted|whitelisting|allowlist|allowlisting|allow list|allow-list|ip range|ip ranges|ip address|ip addresses|ips|ip|network access|inbound|security group|security groups|cidrs|cidr",
            "cidr allowlist source ip", 0.8),
        ("whitelist|whitelisted|whitelisting|allowlist|allowlisting", "update", 0.5),
        ("restrict|restrict access|lock down|block access|limit access", "update cidr allowlist source ip", 0.8),
        ("open+firewall|open+port|open+access|open up", "update cidr allowlist", 0.9),
        ("add+cidr|add+ip|add+security|add+range|add+allowlist|add+subnet", "update cidr", 0.9),

        // Data: wiping it, copying it out, loading it in.
        ("wipe|wiped|clear|cleared|empty|erase|erased|purge|truncate|flush|flushdb|all keys|all the keys|all of the keys|every key|all data|all the data|all its data|all of the data|delete+all+key",
            "flush", 1.0),
        ("snapshot|snapshots|back up|backed up|backups|backup|save a copy", "backup", 1.0),
        ("restore|restored|load|loading|dump|rdb|migrate|migrating|self-hosted|self hosted|on-prem|seed|bring in data|copy data from",
            "import", 0.8),
        ("migration|migrations", "import", 0.5),

        // Changing a database or subscription.
        ("update|updating", "update", 1.0),
        ("change|changes|modify|edit|alter|adjust|tweak|set|switch|enable|disable|turn on|turn off|switch on|switch off|rename|configure|reconfigure|rotate|reset",
            "update", 0.9),
        ("skip|postpone|defer|delay", "update", 0.8),
        ("are configured|is configured|are set up|is set up|are enabled|is enabled|have enabled|are connected|is connected|are linked|is linked",
            "list get", 0.4),
        ("scale|scaling|resize|grow|bigger|larger|smaller|shrink|increase|decrease|raise|lower|more memory|more ram|out of memory|running out|give it more|expand|more throughput|more ops|double|triple|halve",
            "update", 0.8),
        ("scale|scaling|resize|grow|bigger|larger|smaller|shrink|more memory|more ram|out of memory|running out|give it more|expand|double|triple|halve",
            "dataset size memory", 0.4),
        ("make+readable|make+accessible|make+private|make+public|make+reachable", "update", 0.9),
        ("only from|only reachable|only accessible|reachable only|accessible only", "update cidr allowlist source ip", 0.8),
        ("eviction|evict|lru|lfu|allkeys|volatile", "data eviction policy", 0.8),
        ("durable|durability|persist|persistent|aof|append only|append-only|write to disk|on disk", "data persistence", 0.8),
        ("aof", "aof", 1.0),
        ("ssl|tls|encrypt in transit|encryption in transit", "tls", 1.0),
        ("replica|replicas|high availability|ha|failover", "replication", 0.8),
        ("alert|alerts|alerting|notify|notification|threshold", "alert", 1.0),
        ("ops|ops/sec|ops per second|operations per second|throughput|qps|rps|requests per second", "throughput measurement", 0.8),
        ("ops|throughput", "ops throughput", 1.0),
        ("how big|how large|size|memory usage|used memory|memory limit", "size memory", Expanded),
        ("default user|default password|database password|db password", "database password", 0.8),

        // Geography and Active-Active.
        ("geo|geo-replicated|geo replicated|geo-distributed|multi-region|multi region|multiregion|replicate|replicated|replicating|crdb|crdt|active active|active-active|another region|second region|more regions",
            "active region", 0.8),
        ("asia|europe|eu|emea|apac|americas|us-east|us-west|east|west|north|south|southeast|northeast|central|location|locations|datacenter|data center|zone|zones|geography|where can i deploy",
            "region", Expanded),
        ("aws|azure|amazon|cloud provider|cloud providers", "provider region", 0.4),
        ("run+in|host+in|available+in|supported+in|deploy+in", "region", 0.6),
        ("where+host|where+run|where+deploy|where+create|where+put", "region list", 0.8),
        ("region|regions", "region", 1.0),
        ("active yet|is active|up and running|ready yet|live yet|provisioned yet", "status get", Expanded),
        ("copy of the data|copy of our data|copy of my data|second copy|another copy|closer to users|closer to our users", "active region add", 0.8),

        // Logs.
        ("login|logins|log in|logged in|logging in|sign in|signed in|signing in|signin|sign-in|who logged|who signed",
            "session log", 0.8),
        ("what+did+do|what+has+done|what+did+change|what+was+done", "system log audit", 0.8),
        ("audit|audit log|audit trail|trail|history|activity|events|event log|who changed|who deleted|who created|who modified|who removed|who did|what happened|what changed|changelog",
            "system log audit", 0.8),

        // Removing.
        ("delete|deleting", "delete", 1.0),
        ("drop|dropped|remove|removed|removal|tear down|teardown|destroy|get rid|decommission|decommissioning|kill|cancel|terminate|deprovision|deprovisioning|uninstall|nuke|retire|deletion",
            "delete", 0.9),
        ("from the account|from our account|off the account|from the team|out of the account", "account user delete", 0.8),
        ("revoke|revoked|take away|no longer allow|kick out", "remove delete principal", 0.8),
        ("detach|unlink|sever|cut off", "delete attachment disassociate", 0.8),
        ("disconnect", "disassociate delete connection", 0.8),
        ("remove+connection|cut+connection|drop+connection|delete+connection", "disassociate connection", 0.9),
        ("decline|refuse|deny|turn down|reject", "reject", 0.9),
        ("undo|roll back|rollback|revert|switch back|go back", "revert", 0.9),

        // Creating.
        ("create|creating", "create", 1.0),
        ("make|spin up|set up|setup|provision|launch|start|build|stand up|establish|register|attach|generate|produce|prepare", "create", 0.8),
        ("add|adding", "add", 1.0),
        ("add|adding", "create", 0.8),
        ("new|deploy", "create", 0.4),
        ("link|link up|hook up", "create", 0.6),
        ("connect", "create", 0.4),
        ("buy|purchase|sign up for|subscribe", "create subscription", 0.8),
        ("make+owner|make+admin|make+viewer|make+member|make+manager|promote|demote", "update account user role", 0.9),
        ("tag|tags|tagged", "tag", 1.0),
        ("tag database|tag the|tag my|tag our|tag it|tag db|tag this", "create tag", 0.8),
        ("label|labels|labelled|labeled|annotate", "tag create add", 0.8),

        // Reading.
        ("list|listing", "list", 1.0),
        ("show|see|display|view|browse|enumerate|overview|inventory|available|options|choices|how many|catalog|all my|which|what|any|are there|is there|do we have|do i have",
            "list get", 0.3),
        ("available|availability", "available", 0.2),
        ("find|search for|look for|locate|look up", "list", 0.6),
        ("find|search for|look for|locate|look up", "get", 0.3),
        ("details|detail|info|information|describe|inspect|lookup|include|includes|contain|contains", "get", 0.5),
        ("about|status of|state of|tell me|check|does", "get", 0.3),
        ("status", "status", 1.0),
        ("state|progress|going|finished|finish|succeed|succeeded|success|successful|failed|fail|complete|completed|ready|done yet|still running|stuck",
            "status", 0.4),
        ("how is|how's|how are|how far|coming along|in progress", "status", 0.8),
        ("still running|running|in flight|pending|queued|in progress", "task", 0.8),
        ("task|tasks|job|jobs|async", "task", 1.0),
        ("wait|waiting|wait until|wait for|until", "wait task", 1.0),
        ("done yet|go through|went through|timed out|last change|my change|actually happen|actually happened", "task", 1.0),
        ("did it work", "task status", Expanded),
        ("did+backup|where+backup|backup+work|backup+fail|backup+succeed|backup+finished|backup+done|backup+complete", "status backup", 1.0),
        ("did+import|import+work|import+fail|import+succeed|import+finished|import+done|import+complete", "status import", 1.0),
        ("did+upgrade|upgrade+work|upgrade+fail|upgrade+succeed|upgrade+finished|upgrade+done|upgrade+complete", "status upgrade", 1.0),

        // Connecting to a database.
        ("connection string|connection url|connect string|hostname|host name|port|url|uri|address|where to connect",
            "endpoint database get", 0.4),
        ("password|passwords|credential|credentials|secret|secrets|auth|login password", "password", 1.0),
        ("cert|certs|certificate|certificates|ca|ca cert|pem|server certificate|tls certificate|ssl certificate", "certificate", 1.0),
        ("slow|slowest|slower|slowness|slowlog|slow log|slow queries|slow commands|latency|sluggish|lag|laggy|timeouts|hanging|performance problem",
            "slow log", 0.8),
        ("longest|took long|took longest|long-running|long running|expensive queries|expensive commands", "slow log", 0.9),
        ("slow+command|slow+query|slowest+command|slowest+query", "slow log", 1.0),

        // Versions and upgrades.
        ("redis", "redis", 0.3),
        ("version|versions", "version", 1.0),
        ("latest|newest|release|releases|eol|end of life", "version", 0.8),
        ("upgrade|upgraded|upgrading", "upgrade", 1.0),
        ("bump|bump up|move to the latest|go to the latest", "upgrade", 0.9),
        ("upgrade|upgraded|upgrading|update redis|newer", "version", 0.6),
        ("upgrade+plan|upgrade+tier|downgrade", "update", 1.0),
        ("upgrade+plan|upgrade+tier|downgrade", "essentials plan subscription", 0.6),

        // Modules and reference data.
        ("module|modules", "module", 1.0),
        ("redisjson|json|timeseries|time series|time-series|bloom|probabilistic|redisearch|search|vector|graph|capabilities|features",
            "module", 0.8),
        ("query performance|query performance factor|scaling factor|scaling factors|search scaling|search throughput|search performance", "search scaling factor query performance factor", 0.8),

        // Kinds of things.
        ("db|dbs|database|databases|bdb|datastore|data store", "database", 1.0),
        ("cache|caches|instance|instances|keyspace", "database", 0.7),
        ("sub|subs|subscription|subscriptions", "subscription", 1.0),
        ("free|free tier|free plan|cheap|cheapest|trial|fixed|small plan|hobby", "essentials plan", Expanded),
        ("paid plan|bigger plan|larger plan|another plan|different plan|change plan|change the plan|move to", "update essentials plan subscription", Expanded),
        ("plan|plans|tier|tiers|sku|size options", "plan", 1.0),
        ("maintenance|patch window|maintenance window|downtime window|upgrade window|when to maintain", "maintenance window", 1.0),
        ("weekend|weekends|weekday|weekdays|night|nights|nightly|hours|time zone|timezone", "maintenance window", 0.4),
        ("schedule|reschedule|rescheduling", "update maintenance window", 0.7),
        ("let redis decide|let them decide|automatic|automatically|auto", "update maintenance window automatic", 0.6),
        ("api key|api keys|these keys|which account|who am i|whoami|connected to the right|am i connected|are we connected|my account|account info|right account|this account|current account|these credentials|my credentials|our credentials|api credentials|belong to",
            "account get", 0.8),
        ("redis cloud account|redis account|redis cloud subscription account", "account get", 1.0),

        // Who may do what: database logins (ACL) and the people of the account.
        ("database user|database users|db user|db users|redis user|redis users|app user|application user|service user|service account|read-only user|readonly user|read only user|database login|database logins|db login|redis login|app's redis user",
            "acl user", 1.0),
        ("read-only|readonly|read only|read-write|read write|readwrite|write only|permissions|permission|privilege|privileges|rbac|access control|grant|grants|role-based",
            "acl role rule", Expanded),
        ("acl|acls", "acl", 1.0),
        ("read-only user|readonly user|read only user|read-write user|read write user|limited user|restricted user", "acl user create role rule", 0.8),
        ("who has access|who can access|access to the database|access to the databases|who+access", "acl user role", 0.8),
        ("command|commands|key pattern|keys starting|key prefix|prefix|channels|pubsub|pub/sub|flushall|dangerous commands", "acl redis rule", 0.4),
        ("who can log in|who can sign in|who can login|console users|console user|console access|who has access to the console|access to the console", "account user list", 0.9),
        ("member|members|people|person|colleague|colleagues|teammate|teammates|team account|staff|employee|employees|owner|owners|admin|admins|viewer|mfa|2fa|two factor",
            "account user", 0.5),
        ("give+role|assign+role|different+role|another+role|change+role|new+role", "update user role", 0.9),
        ("user|users", "user", 1.0),

        // Connectivity.
        ("privatelink|private link|private-link|aws privatelink|vpc endpoint|vpc endpoints|interface endpoint", "private link", 1.0),
        ("principal|principals|aws account|another aws account|iam|arn", "principal", 0.8),
        ("let+account|allow+account|let+principal|allow+principal", "add principal", 0.8),
        ("psc|private service connect|service attachment|private service|gcp private|google private", "psc", 1.0),
        ("private service connect|private service", "service", Expanded),
        ("gcp+endpoint|google+endpoint", "psc", 0.9),
        ("google|google cloud|gcp|gcloud|cloud shell", "gcp", 1.0),
        ("tgw|tgws|transit gateway|transit gateways|transit", "transit gateway", 1.0),
        ("ram|resource share|resource shares|share|shared|sharing|invitation|invitations|invite", "invitation transit gateway", 0.8),
        ("peer|peering|peerings|peered|vpc|vpcs", "vpc peering", 1.0),
        ("vnet|network|networks|privately|private network|private connectivity|private connection", "vpc peering", Expanded),
        ("peer our|peer my|peer with|peer the|peer it", "create vpc peering", 0.8),
        ("script|scripts", "script", 1.0),
        ("commands to create|commands to run|cli commands|gcloud commands|cloudshell", "script", 0.8),
        ("cleanup|clean up|before deleting", "deletion script", 0.5),

        // Other areas.
        ("byoc|bring your own cloud|own cloud|own aws account|my aws account|aws account|access key|access keys|deploy into",
            "cloud account", Expanded),
        ("cloud account|cloud accounts", "cloud account", 1.0),
        ("rdi|data integration|pipeline|pipelines|cdc|change data capture|sync|syncing|stream changes|postgres|postgresql|mysql|oracle|sql server|sql|debezium|ingest",
            "data integration workspace", 0.8),
        ("partially|partial|patch", "patch", 1.0),
        ("replace|overwrite", "replace", 1.0),
        ("whole|entire|entirely|all of", "replace", 0.4),
        ("redirect|redirection|reroute|re-route|cut over|cutover|move traffic|move live traffic|switch traffic|swap endpoint|blue green|blue-green|point clients|move clients|switch clients|send clients|repoint|traffic move|traffic switch",
            "endpoint redirection", 1.0),
        ("redirect|reroute|re-route|cut over|cutover|move traffic|move live traffic|switch traffic|point clients|move clients|switch clients|send clients|repoint",
            "create", 0.6),
        ("resume|unpause|turn it back on|back on", "resume traffic", 0.8),
        ("resume", "resume", 1.0),
        ("traffic stopped|clients stopped|stopped traffic", "traffic status get", Expanded),
    ];
}
