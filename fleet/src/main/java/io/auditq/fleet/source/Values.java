package io.auditq.fleet.source;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.jdk.javaapi.CollectionConverters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Row values as plain Java (String, Long, Integer, Boolean, Instant, List, Map, and Object[] for a nested struct)
 * turned into what Spark wants: an {@link InternalRow} for a data source's reader, a {@link Row} for a Dataset.
 */
public final class Values {
    private Values() {
    }

    public static InternalRow internal(Object[] values, StructType schema) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = internal(values[i], schema.fields()[i].dataType());
        }
        return new GenericInternalRow(out);
    }

    private static Object internal(Object v, DataType type) {
        return switch (v) {
            case null -> null;
            case String s -> UTF8String.fromString(s);
            case Instant t -> t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
            case Object[] struct -> internal(struct, (StructType) type);
            case List<?> list -> {
                DataType element = ((ArrayType) type).elementType();
                Object[] a = new Object[list.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = internal(list.get(i), element);
                }
                yield new GenericArrayData(a);
            }
            case Map<?, ?> map -> {
                MapType m = (MapType) type;
                Object[] keys = new Object[map.size()], vals = new Object[map.size()];
                int i = 0;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    keys[i] = internal(e.getKey(), m.keyType());
                    vals[i++] = internal(e.getValue(), m.valueType());
                }
                yield new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(vals));
            }
            default -> v;
        };
    }

    public static Row external(Object[] values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = external(values[i]);
        }
        return RowFactory.create(out);
    }

    private static Object external(Object v) {
        return switch (v) {
            case Object[] struct -> external(struct);
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                for (Object o : list) {
                    out.add(external(o));
                }
                yield CollectionConverters.asScala(out).toSeq();
            }
            case Map<?, ?> map -> CollectionConverters.asScala(map);
            case null, default -> v;
        };
    }

    /** A timestamp column's value as epoch ms, whichever Java type the session gives it. */
    static long millis(Object v) {
        return switch (v) {
            case Instant t -> t.toEpochMilli();
            case java.sql.Timestamp t -> t.getTime();
            default -> throw new IllegalArgumentException("not a timestamp: " + v);
        };
    }

    static boolean isTimestamp(DataType t) {
        return t instanceof TimestampType;
    }
}
