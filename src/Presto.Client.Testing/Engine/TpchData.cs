using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace Presto.Testing.Engine;

/// <summary>A column of a catalog table: name and Presto type.</summary>
internal sealed record TableColumn(string Name, string Type);

/// <summary>
/// The TPC-H <c>tiny</c> schema (scale factor 0.01) as Trino's tpch connector reports it, generated once per process
/// into a shared-cache in-memory SQLite database that every engine attaches read-only. <c>nation</c> and <c>region</c>
/// hold the standard rows (names and keys; comments are generated); the other tables are generated from a fixed-seed
/// SplitMix64 stream, so the data is identical on every run and runtime.
/// </summary>
internal static class TpchData
{
    public const string SchemaAlias = "tpch_tiny";

    private static readonly Lazy<(string Uri, SqliteConnection Keeper)> s_database = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static readonly IReadOnlyDictionary<string, TableColumn[]> Tables = new Dictionary<string, TableColumn[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["customer"] =
        [
            new("custkey", "bigint"), new("name", "varchar(25)"), new("address", "varchar(40)"), new("nationkey", "bigint"),
            new("phone", "varchar(15)"), new("acctbal", "double"), new("mktsegment", "varchar(10)"), new("comment", "varchar(117)"),
        ],
        ["lineitem"] =
        [
            new("orderkey", "bigint"), new("partkey", "bigint"), new("suppkey", "bigint"), new("linenumber", "integer"),
            new("quantity", "double"), new("extendedprice", "double"), new("discount", "double"), new("tax", "double"),
            new("returnflag", "varchar(1)"), new("linestatus", "varchar(1)"), new("shipdate", "date"), new("commitdate", "date"),
            new("receiptdate", "date"), new("shipinstruct", "varchar(25)"), new("shipmode", "varchar(10)"), new("comment", "varchar(44)"),
        ],
        ["nation"] = [new("nationkey", "bigint"), new("name", "varchar(25)"), new("regionkey", "bigint"), new("comment", "varchar(152)")],
        ["orders"] =
        [
            new("orderkey", "bigint"), new("custkey", "bigint"), new("orderstatus", "varchar(1)"), new("totalprice", "double"),
            new("orderdate", "date"), new("orderpriority", "varchar(15)"), new("clerk", "varchar(15)"), new("shippriority", "integer"),
            new("comment", "varchar(79)"),
        ],
        ["part"] =
        [
            new("partkey", "bigint"), new("name", "varchar(55)"), new("mfgr", "varchar(25)"), new("brand", "varchar(10)"),
            new("type", "varchar(25)"), new("size", "integer"), new("container", "varchar(10)"), new("retailprice", "double"),
            new("comment", "varchar(23)"),
        ],
        ["partsupp"] = [new("partkey", "bigint"), new("suppkey", "bigint"), new("availqty", "integer"), new("supplycost", "double"), new("comment", "varchar(199)")],
        ["region"] = [new("regionkey", "bigint"), new("name", "varchar(25)"), new("comment", "varchar(152)")],
        ["supplier"] =
        [
            new("suppkey", "bigint"), new("name", "varchar(25)"), new("address", "varchar(40)"), new("nationkey", "bigint"),
            new("phone", "varchar(15)"), new("acctbal", "double"), new("comment", "varchar(101)"),
        ],
    };

    private static readonly string[] s_regions = ["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"];

    private static readonly (string Name, int Region)[] s_nations =
    [
        ("ALGERIA", 0), ("ARGENTINA", 1), ("BRAZIL", 1), ("CANADA", 1), ("EGYPT", 4), ("ETHIOPIA", 0), ("FRANCE", 3), ("GERMANY", 3),
        ("INDIA", 2), ("INDONESIA", 2), ("IRAN", 4), ("IRAQ", 4), ("JAPAN", 2), ("JORDAN", 4), ("KENYA", 0), ("MOROCCO", 0),
        ("MOZAMBIQUE", 0), ("PERU", 1), ("CHINA", 2), ("ROMANIA", 3), ("SAUDI ARABIA", 4), ("VIETNAM", 2), ("RUSSIA", 3),
        ("UNITED KINGDOM", 3), ("UNITED STATES", 1),
    ];

    private static readonly string[] s_words =
    [
        "furiously", "sly", "careful", "blithe", "quick", "fluffy", "slow", "quiet", "ruthless", "thin", "close", "dogged",
        "daring", "brave", "stealthy", "permanent", "enticing", "idle", "busy", "regular", "final", "ironic", "even", "bold",
        "silent", "foxes", "ideas", "theodolites", "pinto", "beans", "instructions", "dependencies", "excuses", "platelets",
        "asymptotes", "courts", "dolphins", "multipliers", "sauternes", "warthogs", "frets", "dinos", "attainments", "somas",
        "packages", "accounts", "requests", "deposits", "sleep", "wake", "are", "cajole", "haggle", "nag", "use", "boost",
        "affix", "detect", "integrate", "maintain", "nod", "was", "lose", "sublate", "solve", "thrash", "promise", "engage",
        "hinder", "print", "x-ray", "breach", "eat", "grow", "impress", "mold", "poach", "serve", "run", "dazzle", "snooze",
        "doze", "unwind", "kindle", "play", "hang", "believe", "doubt", "about", "above", "according", "to", "across", "after",
        "against", "along", "alongside", "among", "around", "at", "atop", "before", "behind", "beneath", "beside", "besides",
        "between", "beyond", "by", "despite", "during", "except", "for", "from", "in", "inside", "instead", "of", "into",
        "near", "on", "outside", "over", "past", "since", "through", "throughout", "toward", "under", "until", "up", "upon",
        "without", "with", "within", "quickly", "carefully", "slyly", "blithely", "fluffily", "furiously", "express", "special",
        "pending", "unusual",
    ];

    private static readonly string[] s_colors =
    [
        "almond", "antique", "aquamarine", "azure", "beige", "bisque", "black", "blanched", "blue", "blush", "brown", "burlywood",
        "burnished", "chartreuse", "chiffon", "chocolate", "coral", "cornflower", "cornsilk", "cream", "cyan", "dark", "deep",
        "dim", "dodger", "drab", "firebrick", "floral", "forest", "frosted", "gainsboro", "ghost", "goldenrod", "green", "grey",
        "honeydew", "hot", "indian", "ivory", "khaki", "lace", "lavender", "lawn", "lemon", "light", "lime", "linen", "magenta",
        "maroon", "medium", "metallic", "midnight", "mint", "misty", "moccasin", "navajo", "navy", "olive", "orange", "orchid",
        "pale", "papaya", "peach", "peru", "pink", "plum", "powder", "puff", "purple", "red", "rose", "rosy", "royal", "saddle",
        "salmon", "sandy", "seashell", "sienna", "sky", "slate", "smoke", "snow", "spring", "steel", "tan", "thistle", "tomato",
        "turquoise", "violet", "wheat", "white", "yellow",
    ];

    private static readonly string[] s_segments = ["AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD", "MACHINERY"];
    private static readonly string[] s_priorities = ["1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"];
    private static readonly string[] s_instructions = ["DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"];
    private static readonly string[] s_modes = ["REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"];
    private static readonly string[] s_types1 = ["STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"];
    private static readonly string[] s_types2 = ["ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"];
    private static readonly string[] s_types3 = ["TIN", "NICKEL", "BRASS", "STEEL", "COPPER"];
    private static readonly string[] s_containers1 = ["SM", "LG", "MED", "JUMBO", "WRAP"];
    private static readonly string[] s_containers2 = ["CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"];

    private const int Suppliers = 100;
    private const int Customers = 1500;
    private const int Parts = 2000;
    private const int Orders = 15000;

    /// <summary>The URI of the shared database; generating it on first use.</summary>
    public static string DatabaseUri => s_database.Value.Uri;

    /// <summary>How long generating the data took (zero until generated), for diagnostics.</summary>
    public static TimeSpan GenerationTime { get; private set; }

    private static (string, SqliteConnection) Create()
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        SqliteSetup.EnsureInitialized();
        string uri = "file:presto_tpch_" + Guid.NewGuid().ToString("N") + "?mode=memory&cache=shared";
        var keeper = new SqliteConnection("Data Source=" + uri + ";Pooling=False");
        keeper.Open();
        using (var tx = keeper.BeginTransaction())
        {
            foreach (var (table, columns) in Tables)
            {
                using var create = keeper.CreateCommand();
                create.Transaction = tx;
                create.CommandText = SqlText.CreateTable("main", table, columns, notNull: true);
                create.ExecuteNonQuery();
            }

            Generate(keeper, tx);
            tx.Commit();
        }

        GenerationTime = stopwatch.Elapsed;

        return (uri, keeper);
    }

    /// <summary>Bulk insert through the raw SQLite API (one prepared statement, bind/step/reset per row).</summary>
    private sealed class Inserter : IDisposable
    {
        private readonly SQLitePCL.sqlite3 _db;
        private readonly SQLitePCL.sqlite3_stmt _statement;

        public Inserter(SqliteConnection connection, SqliteTransaction tx, string table)
        {
            _ = tx;
            _db = connection.Handle!;
            var columns = Tables[table];
            var sb = new StringBuilder("INSERT INTO main.\"").Append(table).Append("\" VALUES (");
            for (int i = 0; i < columns.Length; i++)
            {
                sb.Append(i == 0 ? "?" : ", ?");
            }

            Check(SQLitePCL.raw.sqlite3_prepare_v2(_db, sb.Append(')').ToString(), out _statement));
        }

        private void Check(int rc)
        {
            if (rc is not (SQLitePCL.raw.SQLITE_OK or SQLitePCL.raw.SQLITE_DONE))
            {
                throw new InvalidOperationException("TPC-H generation failed: " + SQLitePCL.raw.sqlite3_errmsg(_db).utf8_to_string());
            }
        }

        public void Add(params object[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                Check(values[i] switch
                {
                    long l => SQLitePCL.raw.sqlite3_bind_int64(_statement, i + 1, l),
                    double d => SQLitePCL.raw.sqlite3_bind_double(_statement, i + 1, d),
                    _ => SQLitePCL.raw.sqlite3_bind_text(_statement, i + 1, (string)values[i]),
                });
            }

            Check(SQLitePCL.raw.sqlite3_step(_statement));
            Check(SQLitePCL.raw.sqlite3_reset(_statement));
        }

        public void Dispose() => _statement.Dispose();
    }

    /// <summary>SplitMix64: a tiny, fully specified PRNG so the data never depends on a runtime's Random.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform integer in [min, max].</summary>
        public long Range(long min, long max) => min + (long)(Next() % (ulong)(max - min + 1));

        public T Pick<T>(T[] items) => items[Range(0, items.Length - 1)];

        public string Text(int minLength, int maxLength)
        {
            int length = (int)Range(minLength, maxLength);
            var sb = new StringBuilder();
            while (sb.Length < length)
            {
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(Pick(s_words));
            }

            return sb.ToString(0, length).TrimEnd();
        }

        public string Alphanumeric(int minLength, int maxLength)
        {
            const string chars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,";
            int length = (int)Range(minLength, maxLength);
            var sb = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                sb.Append(chars[(int)Range(0, chars.Length - 1)]);
            }

            return sb.ToString();
        }

        public string Phone(long nationKey) => string.Create(CultureInfo.InvariantCulture, $"{nationKey + 10}-{Range(100, 999)}-{Range(100, 999)}-{Range(1000, 9999)}");

        public double Money(long minCents, long maxCents) => Range(minCents, maxCents) / 100.0;
    }

    private static string Key(string prefix, long key) => prefix + "#" + key.ToString("D9", CultureInfo.InvariantCulture);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Generate(SqliteConnection connection, SqliteTransaction tx)
    {
        var random = new SplitMix64(0x7C0FFEE_0001UL);
        using (var region = new Inserter(connection, tx, "region"))
        {
            for (int r = 0; r < s_regions.Length; r++)
            {
                region.Add((long)r, s_regions[r], random.Text(31, 115));
            }
        }

        using (var nation = new Inserter(connection, tx, "nation"))
        {
            for (int n = 0; n < s_nations.Length; n++)
            {
                nation.Add((long)n, s_nations[n].Name, (long)s_nations[n].Region, random.Text(31, 114));
            }
        }

        using (var supplier = new Inserter(connection, tx, "supplier"))
        {
            for (long s = 1; s <= Suppliers; s++)
            {
                long nationKey = random.Range(0, 24);
                supplier.Add(s, Key("Supplier", s), random.Alphanumeric(10, 40), nationKey, random.Phone(nationKey), random.Money(-99999, 999999), random.Text(25, 100));
            }
        }

        using (var customer = new Inserter(connection, tx, "customer"))
        {
            for (long c = 1; c <= Customers; c++)
            {
                long nationKey = random.Range(0, 24);
                customer.Add(c, Key("Customer", c), random.Alphanumeric(10, 40), nationKey, random.Phone(nationKey), random.Money(-99999, 999999), random.Pick(s_segments), random.Text(29, 116));
            }
        }

        var retailPrice = new double[Parts + 1];
        using (var part = new Inserter(connection, tx, "part"))
        using (var partsupp = new Inserter(connection, tx, "partsupp"))
        {
            for (long p = 1; p <= Parts; p++)
            {
                var name = new StringBuilder();
                for (int w = 0; w < 5; w++)
                {
                    name.Append(w == 0 ? string.Empty : " ").Append(random.Pick(s_colors));
                }

                long m = random.Range(1, 5);
                retailPrice[p] = (90000 + ((p / 10) % 20001) + (100 * (p % 1000))) / 100.0;
                part.Add(
                    p,
                    name.ToString(),
                    "Manufacturer#" + m.ToString(CultureInfo.InvariantCulture),
                    "Brand#" + m.ToString(CultureInfo.InvariantCulture) + random.Range(1, 5).ToString(CultureInfo.InvariantCulture),
                    random.Pick(s_types1) + " " + random.Pick(s_types2) + " " + random.Pick(s_types3),
                    random.Range(1, 50),
                    random.Pick(s_containers1) + " " + random.Pick(s_containers2),
                    retailPrice[p],
                    random.Text(5, 22));
                for (int i = 0; i < 4; i++)
                {
                    partsupp.Add(p, PartSupplier(p, i), random.Range(1, 9999), random.Money(100, 100000), random.Text(49, 198));
                }
            }
        }

        var start = new DateOnly(1992, 1, 1);
        var end = new DateOnly(1998, 12, 31);
        var currentDate = new DateOnly(1995, 6, 17);
        int orderDays = end.DayNumber - start.DayNumber - 151;
        using var orders = new Inserter(connection, tx, "orders");
        using var lineitem = new Inserter(connection, tx, "lineitem");
        for (long i = 0; i < Orders; i++)
        {
            long orderKey = (i / 8 * 32) + (i % 8) + 1;
            long custKey;
            do
            {
                custKey = random.Range(1, Customers);
            }
            while (custKey % 3 == 0);

            var orderDate = start.AddDays((int)random.Range(0, orderDays));
            int lines = (int)random.Range(1, 7);
            double total = 0;
            int shipped = 0;
            for (int line = 1; line <= lines; line++)
            {
                long partKey = random.Range(1, Parts);
                long suppKey = PartSupplier(partKey, (int)random.Range(0, 3));
                double quantity = random.Range(1, 50);
                double price = Math.Round(quantity * retailPrice[partKey], 2);
                double discount = random.Range(0, 10) / 100.0;
                double tax = random.Range(0, 8) / 100.0;
                var shipDate = orderDate.AddDays((int)random.Range(1, 121));
                var commitDate = orderDate.AddDays((int)random.Range(30, 90));
                var receiptDate = shipDate.AddDays((int)random.Range(1, 30));
                string returnFlag = receiptDate <= currentDate ? (random.Range(0, 1) == 0 ? "R" : "A") : "N";
                string lineStatus = shipDate > currentDate ? "O" : "F";
                shipped += lineStatus == "F" ? 1 : 0;
                total += price * (1 + tax) * (1 - discount);
                lineitem.Add(
                    orderKey, partKey, suppKey, (long)line, quantity, price, discount, tax, returnFlag, lineStatus,
                    Date(shipDate), Date(commitDate), Date(receiptDate), random.Pick(s_instructions), random.Pick(s_modes), random.Text(10, 43));
            }

            string status = shipped == lines ? "F" : shipped == 0 ? "O" : "P";
            orders.Add(
                orderKey, custKey, status, Math.Round(total, 2), Date(orderDate), random.Pick(s_priorities),
                Key("Clerk", random.Range(1, 10)), 0L, random.Text(19, 78));
        }
    }

    /// <summary>The i-th (0..3) supplier of a part, as dbgen spreads them.</summary>
    private static long PartSupplier(long partKey, int i) => ((partKey + (i * ((Suppliers / 4) + ((partKey - 1) / Suppliers)))) % Suppliers) + 1;
}
