#!/usr/bin/env python3
"""Parquet fixtures for linksieve's tests, made with pyarrow (the writer LAION's metadata comes from) and
with the other writers datasets come from: polars, DuckDB and fastparquet.

    parquet-fixtures.py generate DIR            write every fixture into DIR, list them on stdout
    parquet-fixtures.py verify IN OUT ROWS      assert OUT == IN minus the rows in ROWS (comma-separated
                                                indices), schema, key-value metadata and codec included
    parquet-fixtures.py strings FILE COLUMN     print the column as one JSON list (null for null)
    parquet-fixtures.py numbers FILE COLUMN     the same with numbers, booleans, dates and times as text,
                                                spelled as Swift prints them (dates and times as integers)
    parquet-fixtures.py nested-manifest FILE URLS
                                                write the nested table (lists, structs, maps) with the URLs
                                                in the file URLS (one a line) as its URL column, for a scan
    parquet-fixtures.py laion FILE ROWS KIND    write a LAION-like file of ROWS rows for the benchmark; KIND is
                                                snappy (pyarrow's defaults), delta (DELTA and BYTE_STREAM_SPLIT
                                                encodings, v2 pages, zstd), lz4-raw, or nested (snappy, with
                                                lists, structs and maps beside the LAION columns)
"""
import json
import os
import random
import sys

import pyarrow as pa
import pyarrow.parquet as pq

LAION_SCHEMA = pa.schema([
    pa.field("URL", pa.string(), nullable=False),
    pa.field("TEXT", pa.string()),
    pa.field("WIDTH", pa.int64()),
    pa.field("HEIGHT", pa.int64(), nullable=False),
    pa.field("similarity", pa.float64(), nullable=False),
    pa.field("hash", pa.int64(), nullable=False),
    pa.field("punsafe", pa.float32()),
    pa.field("pwatermark", pa.float32(), nullable=False),
    pa.field("watermark_checked", pa.bool_()),
    pa.field("md5", pa.binary(16)),
])

LAION_DELTA_ENCODINGS = {"URL": "DELTA_BYTE_ARRAY", "TEXT": "DELTA_LENGTH_BYTE_ARRAY", "WIDTH": "DELTA_BINARY_PACKED",
                         "HEIGHT": "DELTA_BINARY_PACKED", "hash": "DELTA_BINARY_PACKED",
                         "similarity": "BYTE_STREAM_SPLIT", "punsafe": "BYTE_STREAM_SPLIT", "watermark_checked": "RLE",
                         "md5": "DELTA_BYTE_ARRAY"}

WORDS = ("cat dog red blue house tree photo of a the vintage poster sunset beach mountain city night "
         "portrait drawing painting modern kitchen garden car bike boat river forest flower").split()


def pandas_metadata(schema):
    """The b"pandas" entry pandas.DataFrame.to_parquet writes, built without needing pandas."""
    numpy_types = {"string": "object", "int64": "int64", "double": "float64", "float": "float32",
                   "bool": "bool", "fixed_size_binary[16]": "object", "int32": "int32"}
    columns = []
    for field in schema:
        name = str(field.type)
        columns.append({"name": field.name, "field_name": field.name,
                        "pandas_type": {"string": "unicode", "double": "float64", "float": "float32",
                                        "fixed_size_binary[16]": "bytes"}.get(name, name),
                        "numpy_type": numpy_types.get(name, "object"), "metadata": None})
    return json.dumps({"index_columns": [{"kind": "range", "name": None, "start": 0, "stop": 0, "step": 1}],
                       "column_indexes": [{"name": None, "field_name": None, "pandas_type": "unicode",
                                           "numpy_type": "object", "metadata": {"encoding": "UTF-8"}}],
                       "columns": columns, "creator": {"library": "pyarrow", "version": pa.__version__},
                       "pandas_version": "2.2.2"})


def laion_table(rows, seed, nulls=True):
    rng = random.Random(seed)
    hosts = [f"img{i}.example-cdn.com" for i in range(40)]
    urls, texts, widths, heights, sims, hashes, punsafe, pwater, checked, md5 = ([] for _ in range(10))
    for i in range(rows):
        urls.append(f"https://{rng.choice(hosts)}/images/{rng.randrange(10**9):09d}/{i}.jpg")
        texts.append(None if nulls and rng.random() < 0.1 else " ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 14))))
        widths.append(None if nulls and rng.random() < 0.05 else rng.choice([256, 512, 640, 800, 1024, rng.randrange(64, 4096)]))
        heights.append(rng.choice([256, 480, 512, 768, rng.randrange(64, 4096)]))
        sims.append(round(rng.uniform(0.28, 0.45), 6))
        hashes.append(rng.randrange(-2**63, 2**63))
        punsafe.append(None if nulls and rng.random() < 0.2 else rng.random())
        pwater.append(rng.random())
        checked.append(None if nulls and rng.random() < 0.3 else rng.random() < 0.5)
        md5.append(None if nulls and rng.random() < 0.1 else rng.randbytes(16))
    table = pa.table([urls, texts, widths, heights, sims, hashes, punsafe, pwater, checked, md5], schema=LAION_SCHEMA)
    return table.replace_schema_metadata({b"pandas": pandas_metadata(LAION_SCHEMA).encode()})


def other_types_table(rows, seed):
    rng = random.Random(seed)
    schema = pa.schema([
        pa.field("id", pa.int32(), nullable=False),
        pa.field("score", pa.float32()),
        pa.field("day", pa.date32()),
        pa.field("seen", pa.timestamp("ms", tz="UTC")),
        pa.field("legacy_time", pa.timestamp("ns")),
        pa.field("price", pa.decimal128(12, 2)),
        pa.field("blob", pa.binary()),
        pa.field("flag", pa.bool_(), nullable=False),
        pa.field("label", pa.string()),
    ])
    import datetime
    import decimal
    base = datetime.datetime(2024, 1, 1)
    cols = [
        list(range(rows)),
        [None if i % 7 == 0 else rng.random() for i in range(rows)],
        [None if i % 11 == 0 else datetime.date(2020, 1, 1) + datetime.timedelta(days=i) for i in range(rows)],
        [None if i % 5 == 0 else base + datetime.timedelta(seconds=i) for i in range(rows)],
        [base + datetime.timedelta(microseconds=i * 1000) for i in range(rows)],
        [None if i % 13 == 0 else decimal.Decimal(rng.randrange(-10**8, 10**8)) / 100 for i in range(rows)],
        [None if i % 3 == 0 else rng.randbytes(rng.randrange(0, 40)) for i in range(rows)],
        [i % 3 == 0 for i in range(rows)],
        [None if i % 4 == 0 else rng.choice(["a", "b", "ccc", "", "ünïcødé ✓"]) for i in range(rows)],
    ]
    return pa.table(cols, schema=schema).replace_schema_metadata({b"source": b"linksieve fixture"})


def generate(directory):
    import os
    os.makedirs(directory, exist_ok=True)
    fixtures = []

    def write(name, table, **options):
        path = os.path.join(directory, name + ".parquet")
        pq.write_table(table, path, **options)
        fixtures.append(name)

    laion = laion_table(2500, seed=1)
    for codec in ("none", "snappy", "gzip", "zstd"):
        write(f"laion-{codec}", laion, compression=codec, row_group_size=1000)
    write("laion-plain-snappy", laion, compression="snappy", use_dictionary=False, row_group_size=800)
    write("laion-v2-zstd", laion, compression="zstd", data_page_version="2.0", row_group_size=1000)
    write("laion-v2-plain-gzip", laion, compression="gzip", data_page_version="2.0", use_dictionary=False)
    write("laion-small-pages", laion, compression="snappy", data_page_size=2048, row_group_size=1200,
          write_batch_size=100)
    write("laion-no-nulls", laion_table(1500, seed=2, nulls=False), compression="snappy", row_group_size=500)
    write("other-types", other_types_table(600, seed=3), compression="snappy", row_group_size=250,
          use_deprecated_int96_timestamps=True)
    write("other-types-v2", other_types_table(600, seed=4), compression="zstd", data_page_version="2.0",
          row_group_size=250)
    # The encodings and codecs current writers choose (pyarrow and Spark on request, DuckDB's V2).
    delta = LAION_DELTA_ENCODINGS
    write("laion-delta", laion, compression="snappy", use_dictionary=False, column_encoding=delta,
          row_group_size=1000)
    write("laion-v2-delta", laion, compression="zstd", use_dictionary=False, column_encoding=delta,
          data_page_version="2.0", data_page_size=4096, row_group_size=1000)
    write("other-types-split", other_types_table(600, seed=6), compression="none", use_dictionary=False,
          column_encoding={"id": "BYTE_STREAM_SPLIT", "score": "BYTE_STREAM_SPLIT", "day": "DELTA_BINARY_PACKED",
                           "seen": "DELTA_BINARY_PACKED", "price": "BYTE_STREAM_SPLIT", "flag": "RLE",
                           "blob": "DELTA_LENGTH_BYTE_ARRAY", "label": "DELTA_BYTE_ARRAY"},
          data_page_version="2.0", row_group_size=250)
    # pyarrow's "lz4" is the LZ4_RAW codec.
    write("laion-lz4-raw", laion, compression="lz4", row_group_size=1000)
    write("laion-brotli", laion, compression="brotli", row_group_size=1000)
    write("laion-empty", laion_table(0, seed=7), compression="snappy")
    write_with_other_writers(directory, laion_table(1200, seed=8), fixtures)
    write_nested(directory, fixtures)
    for name in fixtures:
        print(name)


def nested_table(rows, seed):
    """Lists, structs and maps, nested in each other, with nulls at every level and empty lists."""
    rng = random.Random(seed)
    schema = pa.schema([
        pa.field("URL", pa.string(), nullable=False),
        pa.field("tags", pa.list_(pa.string())),
        pa.field("box", pa.struct([pa.field("x", pa.int32()), pa.field("y", pa.float64(), nullable=False),
                                   pa.field("labels", pa.list_(pa.string()))])),
        pa.field("attrs", pa.map_(pa.string(), pa.int64())),
        pa.field("grid", pa.list_(pa.list_(pa.int32()))),
        pa.field("parts", pa.list_(pa.struct([pa.field("name", pa.string()), pa.field("ok", pa.bool_())]))),
        pa.field("ids", pa.list_(pa.field("item", pa.int64(), nullable=False)), nullable=False),
        pa.field("caption", pa.string()),
    ])

    def maybe(value, p=0.1):
        return None if rng.random() < p else value

    def word():
        return maybe(rng.choice(WORDS), 0.15)

    def items(make, most=5):
        return [make() for _ in range(rng.randrange(0, most))]

    columns = [[] for _ in schema]
    for i in range(rows):
        row = [
            f"https://img{i % 7}.example-cdn.com/{i}.jpg",
            maybe(items(word)),
            maybe({"x": maybe(rng.randrange(-1000, 1000)), "y": rng.random(), "labels": maybe(items(word, 4))}),
            maybe([(f"k{j}", maybe(rng.randrange(10**6))) for j in range(rng.randrange(0, 4))]),
            maybe(items(lambda: maybe(items(lambda: maybe(rng.randrange(100)), 4)), 4)),
            maybe(items(lambda: maybe({"name": word(), "ok": maybe(rng.random() < 0.5)}), 4)),
            items(lambda: rng.randrange(-2**40, 2**40), 6),
            maybe(" ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 8)))),
        ]
        for column, value in zip(columns, row):
            column.append(value)
    return pa.table(columns, schema=schema)


def write_nested(directory, fixtures):
    """The nested table as pyarrow (v1 and v2 pages, dictionary and plain, small pages, several row
    groups), polars and DuckDB (V1 and V2) write it, and two files whose URL column is nested."""
    import duckdb
    import polars as pl

    table = nested_table(1000, seed=9)

    def write(name, **options):
        pq.write_table(table, os.path.join(directory, name + ".parquet"), row_group_size=300, **options)
        fixtures.append(name)

    write("nested-v1", compression="snappy", data_page_size=64, write_batch_size=64)
    write("nested-v1-plain", compression="gzip", use_dictionary=False, data_page_size=256, write_batch_size=50)
    write("nested-v2", compression="zstd", data_page_version="2.0", data_page_size=64, write_batch_size=64)
    write("nested-v2-plain", compression="none", data_page_version="2.0", use_dictionary=False, data_page_size=512,
          write_batch_size=32)
    pl.from_arrow(table).write_parquet(os.path.join(directory, "nested-polars.parquet"), row_group_size=300,
                                       data_page_size=1024)
    fixtures.append("nested-polars")
    connection = duckdb.connect()
    # DuckDB rounds row groups up to its vectors of 2048 rows: more rows give it several.
    connection.register("nested", nested_table(5000, seed=10))
    for name, options in (("nested-duckdb", "COMPRESSION snappy"), ("nested-duckdb-v2", "COMPRESSION zstd, PARQUET_VERSION V2")):
        path = os.path.join(directory, name + ".parquet")
        connection.execute(f"COPY nested TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 2048, {options})")
        fixtures.append(name)
    # Over 1 MiB of list items in one chunk, so the rewritten chunk needs several pages.
    rng = random.Random(12)
    captions = [[" ".join(rng.choice(WORDS) for _ in range(30)) for _ in range(rng.randrange(0, 9))] for _ in range(2000)]
    pq.write_table(pa.table({"URL": [f"https://a.example/{i}.jpg" for i in range(2000)], "captions": captions}),
                   os.path.join(directory, "nested-large.parquet"), compression="snappy")
    fixtures.append("nested-large")
    pq.write_table(pa.table({"url": [["https://a.example/1.jpg"], []], "caption": ["one", "two"]}),
                   os.path.join(directory, "nested-url-list.parquet"))
    pq.write_table(pa.table({"image": [{"url": "https://a.example/1.jpg", "width": 3}, None], "caption": ["a", "b"]}),
                   os.path.join(directory, "nested-url-struct.parquet"))


def nested_manifest(path, urls_path):
    with open(urls_path, encoding="utf-8") as f:
        urls = f.read().splitlines()
    table = nested_table(len(urls), seed=11)
    table = table.set_column(0, table.schema.field(0), pa.array(urls, type=pa.string()))
    pq.write_table(table, path, compression="zstd", row_group_size=20, data_page_size=256, write_batch_size=8)


def write_with_other_writers(directory, table, fixtures):
    """The same LAION-like table as polars, DuckDB (V1 and V2 pages) and fastparquet write it."""
    import os
    import duckdb
    import fastparquet
    import polars as pl

    frame = pl.from_arrow(table)
    frame.write_parquet(os.path.join(directory, "polars-zstd.parquet"), row_group_size=500)
    frame.write_parquet(os.path.join(directory, "polars-lz4.parquet"), compression="lz4", row_group_size=500)
    fixtures += ["polars-zstd", "polars-lz4"]
    connection = duckdb.connect()
    connection.register("laion", table)
    for name, options in (("duckdb", "COMPRESSION snappy"),
                          ("duckdb-v2", "COMPRESSION zstd, PARQUET_VERSION V2"),
                          ("duckdb-lz4", "COMPRESSION lz4_raw"),
                          ("duckdb-brotli", "COMPRESSION brotli")):
        path = os.path.join(directory, name + ".parquet")
        connection.execute(f"COPY laion TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 500, {options})")
        fixtures.append(name)
    fastparquet.write(os.path.join(directory, "fastparquet.parquet"), table.to_pandas(), compression="GZIP",
                      row_group_offsets=500, stats=True)
    # fastparquet's "LZ4" is the deprecated LZ4 codec, written as a bare block rather than Hadoop's framing.
    fastparquet.write(os.path.join(directory, "fastparquet-lz4.parquet"), table.to_pandas(), compression="LZ4",
                      row_group_offsets=500)
    fixtures += ["fastparquet", "fastparquet-lz4"]


def verify(input_path, output_path, dropped):
    drop = {int(x) for x in dropped.split(",") if x}
    original = pq.read_table(input_path)
    rewritten = pq.read_table(output_path)
    keep = [i for i in range(original.num_rows) if i not in drop]
    expected = original.take(pa.array(keep, type=pa.int64()))
    if not rewritten.schema.equals(expected.schema, check_metadata=True):
        fail(f"Arrow schema differs:\n{rewritten.schema}\n--- expected ---\n{expected.schema}")
    if rewritten.num_rows != expected.num_rows:
        fail(f"{rewritten.num_rows} rows, expected {expected.num_rows}")
    for name in expected.column_names:
        if not rewritten.column(name).equals(expected.column(name)):
            got, want = rewritten.column(name).to_pylist(), expected.column(name).to_pylist()
            first = next(i for i in range(len(want)) if got[i] != want[i])
            fail(f"column {name} differs first at row {first}: {got[first]!r} != {want[first]!r}")
    source, result = pq.ParquetFile(input_path), pq.ParquetFile(output_path)
    # str() starts with the object's address; the schema tree follows.
    source_tree, result_tree = (str(f.schema).split("\n", 1)[1] for f in (source, result))
    if source_tree != result_tree or not source.schema.equals(result.schema):
        fail(f"Parquet schema differs:\n{result_tree}\n--- expected ---\n{source_tree}")
    if source.metadata.metadata != result.metadata.metadata:
        fail("key-value metadata differs")
    codec = source.metadata.row_group(0).column(0).compression if source.metadata.num_row_groups else None
    for g in range(result.metadata.num_row_groups):
        for c in range(result.metadata.num_columns):
            got = result.metadata.row_group(g).column(c).compression
            if got != codec:
                fail(f"row group {g} column {c} compressed with {got}, expected {codec}")
    verify_statistics_and_dictionaries(source, result, rewritten)
    # The benchmark's millions of rows would take gigabytes as DuckDB's Python tuples.
    if os.environ.get("PARQUET_VERIFY_PYARROW_ONLY") != "1":
        verify_in_polars_and_duckdb(input_path, expected, output_path, keep)
    print(f"ok: {rewritten.num_rows} rows, {result.metadata.num_row_groups} row groups, {codec}")


def verify_statistics_and_dictionaries(source, result, table):
    """Every chunk has a true null count, and min/max equal to the values' where the type has a plain
    order; a byte-array column the input dictionary-encoded is dictionary-encoded again."""
    import pyarrow.compute as pc

    dictionary_columns = {source.metadata.row_group(g).column(c).path_in_schema
                          for g in range(source.metadata.num_row_groups)
                          for c in range(source.metadata.num_columns)
                          if {"PLAIN_DICTIONARY", "RLE_DICTIONARY"} & set(source.metadata.row_group(g).column(c).encodings)}
    start = 0
    for g in range(result.metadata.num_row_groups):
        group = result.metadata.row_group(g)
        rows = table.slice(start, group.num_rows)
        start += group.num_rows
        for c in range(result.metadata.num_columns):
            chunk = group.column(c)
            name = chunk.path_in_schema
            if name not in rows.column_names:
                # A leaf inside a list, struct or map has no Arrow column of its own to compare with.
                if not chunk.statistics or not chunk.statistics.has_null_count:
                    fail(f"row group {g} column {name} has no null count")
                continue
            values = rows.column(name)
            stats = chunk.statistics
            if stats is None or not stats.has_null_count or stats.null_count != values.null_count:
                fail(f"row group {g} column {name}: null count {stats and stats.null_count}, expected {values.null_count}")
            kind = chunk.physical_type
            ordered = kind in ("INT32", "INT64", "FLOAT", "DOUBLE", "BOOLEAN") or (
                kind == "BYTE_ARRAY" and (pa.types.is_string(values.type) or pa.types.is_binary(values.type)))
            if ordered and values.null_count < len(values):
                if not stats.has_min_max:
                    fail(f"row group {g} column {name} has no min/max")
                low, high = pc.min_max(values).values()
                if pa.types.is_temporal(values.type) or pa.types.is_decimal(values.type):
                    continue
                if (stats.min, stats.max) != (low.as_py(), high.as_py()):
                    fail(f"row group {g} column {name}: min/max {stats.min!r}, {stats.max!r},"
                         f" expected {low.as_py()!r}, {high.as_py()!r}")
            if kind == "BYTE_ARRAY" and name in dictionary_columns and "RLE_DICTIONARY" not in chunk.encodings:
                # Like parquet-cpp, the writer gives up a dictionary past 1 MiB of distinct values.
                distinct = pc.unique(values.drop_null())
                size = 4 * len(distinct) + (pc.sum(pc.binary_length(distinct)).as_py() or 0)
                if size <= 1 << 20:
                    fail(f"row group {g} column {name} is not dictionary-encoded, the input's was")


def verify_in_polars_and_duckdb(input_path, expected, output_path, keep):
    """The rewritten file must read in polars and DuckDB as the input minus the dropped rows does
    in each. Where one cannot read the input (polars cannot decode some DELTA-encoded fixed-width
    columns), the expected rows come from pyarrow's reading instead."""
    import duckdb
    import polars as pl

    rewritten = pl.read_parquet(output_path)
    try:
        wanted = pl.read_parquet(input_path)[keep] if keep else pl.read_parquet(input_path).clear()
    except pl.exceptions.ComputeError:
        wanted = pl.from_arrow(expected)
    if not rewritten.equals(wanted, null_equal=True):
        differing = [c for c in wanted.columns if not rewritten[c].equals(wanted[c], null_equal=True)]
        fail(f"polars reads the rewritten file differently in columns {differing}")
    connection = duckdb.connect()
    connection.register("expected", expected)
    result = connection.execute("SELECT * FROM read_parquet(?)", [output_path]).fetchall()
    try:
        source = connection.execute("SELECT * FROM read_parquet(?)", [input_path]).fetchall()
        wanted_rows = [source[i] for i in keep]
    except duckdb.Error:
        wanted_rows = connection.execute("SELECT * FROM expected").fetchall()
    if result != wanted_rows:
        first = next((i for i in range(min(len(result), len(wanted_rows))) if result[i] != wanted_rows[i]), None)
        fail(f"DuckDB reads {len(result)} rows, expected {len(wanted_rows)}; first difference at row {first}")


def fail(message):
    print("verify failed: " + message, file=sys.stderr)
    sys.exit(1)


def strings(path, column):
    values = pq.read_table(path, columns=[column]).column(0).to_pylist()
    print(json.dumps(values))


def numbers(path, column):
    import numpy as np
    values = pq.read_table(path, columns=[column]).column(0)
    if pa.types.is_date32(values.type):
        values = values.cast(pa.int32())
    elif pa.types.is_timestamp(values.type):
        values = values.cast(pa.int64())
    is_float32 = pa.types.is_float32(values.type)

    def text(value):
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return str(np.float32(value)) if is_float32 else repr(value)
        return str(value)
    print(json.dumps([text(v) for v in values.to_pylist()]))


def laion(path, rows, kind):
    options = {"snappy": {"compression": "snappy"},
               "delta": {"compression": "zstd", "use_dictionary": False, "column_encoding": LAION_DELTA_ENCODINGS,
                         "data_page_version": "2.0"},
               "lz4-raw": {"compression": "lz4"},
               "nested": {"compression": "snappy"}}[kind]
    rows = int(rows)
    chunk = 500_000
    writer = None
    for start in range(0, rows, chunk):
        table = laion_table(min(chunk, rows - start), seed=start)
        if kind == "nested":
            extra = nested_table(table.num_rows, seed=start).drop_columns(["URL", "caption"])
            for field, column in zip(extra.schema, extra.columns):
                table = table.append_column(field, column)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema, **options)
        writer.write_table(table)
    writer.close()


if __name__ == "__main__":
    commands = {"generate": (generate, 1), "verify": (verify, 3), "strings": (strings, 2), "numbers": (numbers, 2), "laion": (laion, 3),
                "nested-manifest": (nested_manifest, 2)}
    if len(sys.argv) < 2 or sys.argv[1] not in commands or len(sys.argv) - 2 != commands[sys.argv[1]][1]:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    function, _ = commands[sys.argv[1]]
    function(*sys.argv[2:])
