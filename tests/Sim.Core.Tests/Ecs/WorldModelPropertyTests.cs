using CsCheck;
using Sim.Core.Ecs;

namespace Sim.Core.Tests.Ecs;

/// <summary>
/// Random programs of create / destroy / add / remove / set, applied directly and through command buffers,
/// must leave the world equal to a plain reference model: a list of live entities, each a map of component
/// type to value.
/// </summary>
public class WorldModelPropertyTests
{
    private const int Types = 4;

    private static readonly Gen<Op> GenOp =
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, 10_000], Gen.Int[0, Types - 1], Gen.Long, (kind, pick, type, value) => new Op(kind, pick, type, value));

    private static readonly Gen<(Op[] Ops, int Batch)> GenProgram = Gen.Select(GenOp.Array[0, 250], Gen.Int[1, 25]);

    [Fact]
    public void Direct_operations_match_the_reference_model()
    {
        GenProgram.Sample(program =>
        {
            var world = new World();
            var twin = new World();
            var model = new Model();
            foreach (Op op in program.Ops)
            {
                if (op.Kind == 9)
                {
                    // Swap in a restored copy: everything after must behave as if nothing happened.
                    world = World.Restore(world.Snapshot());
                    continue;
                }

                model.Apply(op, new DirectTarget(world), new DirectTarget(twin));
                model.AssertEqual(world);
            }

            Assert.Equal(twin.ComputeHash(), world.ComputeHash());
            Assert.Equal(twin.GetEntities(), world.GetEntities());
        });
    }

    [Fact]
    public void Command_buffer_operations_match_the_reference_model()
    {
        GenProgram.Sample(program =>
        {
            var world = new World();
            var model = new Model();
            var buffer = new CommandBuffer();
            var target = new BufferTarget(buffer);
            var direct = new World();
            var directModel = new Model();
            for (int start = 0; start < program.Ops.Length; start += program.Batch)
            {
                foreach (Op op in program.Ops.AsSpan(start, Math.Min(program.Batch, program.Ops.Length - start)))
                {
                    model.Apply(op, target);
                    directModel.Apply(op, new DirectTarget(direct));
                }

                buffer.Playback(world);
                model.ResolvePending(buffer.Created);
                model.AssertEqual(world);
            }

            // Playback is exactly the direct calls in recording order: same ids, same rows, same bytes.
            Assert.Equal(direct.ComputeHash(), world.ComputeHash());
        });
    }

    [Fact]
    public void Snapshot_restore_snapshot_is_byte_identical_after_any_program()
    {
        GenProgram.Sample(program =>
        {
            var world = new World();
            var model = new Model();
            foreach (Op op in program.Ops)
            {
                model.Apply(op, new DirectTarget(world));
            }

            byte[] snapshot = world.Snapshot();
            World restored = World.Restore(snapshot);
            Assert.Equal(snapshot, restored.Snapshot());
            Assert.Equal(world.ComputeHash(), restored.ComputeHash());
            Assert.Equal(world.GetEntities(), restored.GetEntities());
            model.AssertEqual(restored);
        });
    }

    internal readonly record struct Op(int Kind, int Pick, int Type, long Value);

    private interface ITarget
    {
        Entity Create();

        void Destroy(Entity e);

        void Add(Entity e, int type, long value);

        void Remove(Entity e, int type);

        void Set(Entity e, int type, long value);
    }

    private static long Canonical(int type, long value) => type switch
    {
        0 => (int)value,
        1 => value,
        2 => value % 1_000_000,
        _ => (int)(value >> 8),
    };

    private static long? Read(World world, Entity e, int type) => type switch
    {
        0 => world.TryGet(e, out Health h) ? h.Value : null,
        1 => world.TryGet(e, out Tag t) ? t.Value : null,
        2 => world.TryGet(e, out Position p) ? (long)p.X : null,
        _ => world.TryGet(e, out Marker m) ? m.Value : null,
    };

    private sealed class DirectTarget(World world) : ITarget
    {
        public Entity Create() => world.Create();

        public void Destroy(Entity e) => world.Destroy(e);

        public void Add(Entity e, int type, long v)
        {
            switch (type)
            {
                case 0: world.Add(e, new Health { Value = (int)v }); break;
                case 1: world.Add(e, new Tag { Value = v }); break;
                case 2: world.Add(e, new Position { X = v % 1_000_000, Y = 1, Z = 2 }); break;
                default: world.Add(e, new Marker { Value = (int)(v >> 8) }); break;
            }
        }

        public void Remove(Entity e, int type)
        {
            switch (type)
            {
                case 0: world.Remove<Health>(e); break;
                case 1: world.Remove<Tag>(e); break;
                case 2: world.Remove<Position>(e); break;
                default: world.Remove<Marker>(e); break;
            }
        }

        public void Set(Entity e, int type, long v)
        {
            switch (type)
            {
                case 0: world.Set(e, new Health { Value = (int)v }); break;
                case 1: world.Set(e, new Tag { Value = v }); break;
                case 2: world.Set(e, new Position { X = v % 1_000_000, Y = 1, Z = 2 }); break;
                default: world.Set(e, new Marker { Value = (int)(v >> 8) }); break;
            }
        }
    }

    private sealed class BufferTarget(CommandBuffer buffer) : ITarget
    {
        public Entity Create() => buffer.Create();

        public void Destroy(Entity e) => buffer.Destroy(e);

        public void Add(Entity e, int type, long v)
        {
            switch (type)
            {
                case 0: buffer.Add(e, new Health { Value = (int)v }); break;
                case 1: buffer.Add(e, new Tag { Value = v }); break;
                case 2: buffer.Add(e, new Position { X = v % 1_000_000, Y = 1, Z = 2 }); break;
                default: buffer.Add(e, new Marker { Value = (int)(v >> 8) }); break;
            }
        }

        public void Remove(Entity e, int type)
        {
            switch (type)
            {
                case 0: buffer.Remove<Health>(e); break;
                case 1: buffer.Remove<Tag>(e); break;
                case 2: buffer.Remove<Position>(e); break;
                default: buffer.Remove<Marker>(e); break;
            }
        }

        public void Set(Entity e, int type, long v)
        {
            switch (type)
            {
                case 0: buffer.Set(e, new Health { Value = (int)v }); break;
                case 1: buffer.Set(e, new Tag { Value = v }); break;
                case 2: buffer.Set(e, new Position { X = v % 1_000_000, Y = 1, Z = 2 }); break;
                default: buffer.Set(e, new Marker { Value = (int)(v >> 8) }); break;
            }
        }
    }

    private sealed class ModelEntity
    {
        public Entity Handle;
        public readonly long?[] Values = new long?[Types];
    }

    private sealed class Model
    {
        private readonly List<ModelEntity> _alive = [];
        private readonly List<ModelEntity> _destroyed = [];
        private readonly List<ModelEntity> _pending = [];

        /// <summary>Interprets a random op against the model's state so that it is always valid, and performs it on every target.</summary>
        public void Apply(Op op, params ITarget[] targets)
        {
            if (op.Kind <= 2 || _alive.Count == 0)
            {
                var created = new ModelEntity();
                foreach (ITarget target in targets)
                {
                    created.Handle = target.Create();
                }

                for (int type = 0; type < Types; type++)
                {
                    if ((op.Value >> type & 1) != 0)
                    {
                        long v = op.Value * (type + 3);
                        foreach (ITarget target in targets)
                        {
                            target.Add(created.Handle, type, v);
                        }

                        created.Values[type] = Canonical(type, v);
                    }
                }

                _alive.Add(created);
                if (created.Handle.IsPending)
                {
                    _pending.Add(created);
                }

                return;
            }

            ModelEntity entity = _alive[op.Pick % _alive.Count];
            bool has = entity.Values[op.Type].HasValue;
            switch (op.Kind)
            {
                case 3:
                    foreach (ITarget target in targets)
                    {
                        target.Destroy(entity.Handle);
                    }

                    _alive.Remove(entity);
                    _destroyed.Add(entity);
                    break;
                case 4 or 5 when !has:
                case 7 or 8 when !has:
                    foreach (ITarget target in targets)
                    {
                        target.Add(entity.Handle, op.Type, op.Value);
                    }

                    entity.Values[op.Type] = Canonical(op.Type, op.Value);
                    break;
                case 6 when has:
                    foreach (ITarget target in targets)
                    {
                        target.Remove(entity.Handle, op.Type);
                    }

                    entity.Values[op.Type] = null;
                    break;
                default:
                    if (has)
                    {
                        foreach (ITarget target in targets)
                        {
                            target.Set(entity.Handle, op.Type, op.Value);
                        }

                        entity.Values[op.Type] = Canonical(op.Type, op.Value);
                    }

                    break;
            }
        }

        public void ResolvePending(IReadOnlyList<Entity> created)
        {
            Assert.Equal(_pending.Count, created.Count);
            for (int i = 0; i < _pending.Count; i++)
            {
                _pending[i].Handle = created[i];
            }

            _pending.Clear();
        }

        public void AssertEqual(World world)
        {
            Assert.Equal(_alive.Count, world.Count);
            foreach (ModelEntity entity in _alive)
            {
                Assert.True(world.IsAlive(entity.Handle), $"{entity.Handle} should be alive");
                for (int type = 0; type < Types; type++)
                {
                    Assert.Equal(entity.Values[type], Read(world, entity.Handle, type));
                }
            }

            foreach (ModelEntity entity in _destroyed)
            {
                Assert.False(world.IsAlive(entity.Handle), $"{entity.Handle} was destroyed");
            }

            Assert.Equal(_alive.Count(e => e.Values[0].HasValue), world.CountEntities(new QueryDescription().WithAll<Health>()));
            Assert.Equal(_alive.Count(e => e.Values[1].HasValue && !e.Values[2].HasValue), world.CountEntities(new QueryDescription().WithAll<Tag>().WithNone<Position>()));
        }
    }
}
