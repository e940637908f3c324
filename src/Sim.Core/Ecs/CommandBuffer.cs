using System.Runtime.InteropServices;

namespace Sim.Core.Ecs;

/// <summary>
/// Records structural changes (create, destroy, add, remove) and value writes (set) for later, so that
/// systems and parallel chunk jobs can request them while a query iterates. <see cref="Playback"/> applies them
/// in recording order, exactly as the same direct calls in that order would.
/// </summary>
/// <remarks>
/// One buffer belongs to one thread at a time. <see cref="Create"/> returns a pending entity (negative id) that
/// later commands of the same recording of the same buffer may name; playback maps it to the real entity. A
/// pending handle carries its recording's token as its version, so using it in another buffer or after its
/// playback fails instead of hitting an unrelated entity. Component values are copied into an internal byte
/// buffer, so recording allocates only when the buffer grows.
/// </remarks>
public sealed class CommandBuffer
{
    private readonly List<Command> _commands = [];
    private readonly List<Entity> _created = [];
    private byte[] _data = new byte[256];
    private int _dataLength;
    private int _pending;
    private int _recording = NextRecordingToken();
    private static int recordingTokens;

    /// <summary>Number of recorded commands.</summary>
    public int Count => _commands.Count;

    /// <summary>The entities that <see cref="Create"/> made in the last playback, in recording order.</summary>
    public IReadOnlyList<Entity> Created => _created;

    /// <summary>Records the creation of an entity with no components; returns a pending handle for later commands in this buffer.</summary>
    public Entity Create()
    {
        var pending = new Entity(-(_pending + 1), _recording);
        _pending++;
        _commands.Add(new Command(CommandKind.Create, pending, -1, 0, 0));
        return pending;
    }

    /// <summary>Records the destruction of an entity.</summary>
    public void Destroy(Entity entity) => _commands.Add(new Command(CommandKind.Destroy, entity, -1, 0, 0));

    /// <summary>Records adding <typeparamref name="T"/> with a value.</summary>
    public void Add<T>(Entity entity, in T value = default) where T : unmanaged =>
        _commands.Add(new Command(CommandKind.Add, entity, ComponentType<T>.Id, Store(value), ComponentType<T>.Info.Size));

    /// <summary>Records removing <typeparamref name="T"/>.</summary>
    public void Remove<T>(Entity entity) where T : unmanaged =>
        _commands.Add(new Command(CommandKind.Remove, entity, ComponentType<T>.Id, 0, 0));

    /// <summary>Records overwriting the entity's existing <typeparamref name="T"/>.</summary>
    public void Set<T>(Entity entity, in T value) where T : unmanaged =>
        _commands.Add(new Command(CommandKind.Set, entity, ComponentType<T>.Id, Store(value), ComponentType<T>.Info.Size));

    /// <summary>
    /// Applies the commands to <paramref name="world"/> in recording order, then clears the buffer.
    /// </summary>
    /// <exception cref="CommandPlaybackException">A command failed (e.g. its entity is not alive); the message names
    /// the command's index and kind. Earlier commands stay applied and the buffer is cleared.</exception>
    public void Playback(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        if (world.IsIterating && _commands.Count > 0)
        {
            // Refuse before applying anything, and keep the commands: the caller can play them back after the query.
            throw new StructuralChangeException(
                $"CommandBuffer.Playback ({_commands.Count} commands) was called while a query iterates the world; play it back after the query.");
        }

        _created.Clear();
        Entity[] resolved = _pending == 0 ? [] : new Entity[_pending];
        try
        {
            for (int i = 0; i < _commands.Count; i++)
            {
                Command command = _commands[i];
                try
                {
                    Apply(world, command, resolved);
                }
                catch (InvalidOperationException e)
                {
                    throw new CommandPlaybackException(i, command.Kind.ToString(), e);
                }
            }
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Drops every recorded command.</summary>
    public void Clear()
    {
        _created.Clear();
        Reset();
    }

    private void Apply(World world, Command command, Entity[] resolved)
    {
        Entity entity = command.Entity;
        if (command.Kind == CommandKind.Create)
        {
            Entity created = world.Create();
            resolved[-entity.Id - 1] = created;
            _created.Add(created);
            return;
        }

        if (entity.IsPending)
        {
            int index = -entity.Id - 1;
            if (entity.Version != _recording || index >= resolved.Length || resolved[index].Version == 0)
            {
                throw new EntityNotAliveException(
                    entity,
                    command.Kind.ToString(),
                    "it is a pending entity of another command buffer, or of an earlier recording of this one, or is used before the command that creates it");
            }

            entity = resolved[index];
        }

        ReadOnlySpan<byte> bytes = _data.AsSpan(command.DataOffset, command.DataLength);
        switch (command.Kind)
        {
            case CommandKind.Destroy:
                world.Destroy(entity);
                break;
            case CommandKind.Add:
                int row = world.AddComponent(entity, command.ComponentId, ComponentType.FromId(command.ComponentId).Type, out Archetype target);
                target.ColumnOf(command.ComponentId)!.SetRowBytes(row, bytes);
                break;
            case CommandKind.Remove:
                world.RemoveComponent(entity, command.ComponentId, ComponentType.FromId(command.ComponentId).Type);
                break;
            case CommandKind.Set:
                world.SetBytes(entity, command.ComponentId, bytes);
                break;
            default:
                throw new InvalidOperationException($"Unknown command kind {command.Kind}.");
        }
    }

    private int Store<T>(in T value) where T : unmanaged
    {
        int size = ComponentType<T>.Info.Size;
        if (_dataLength + size > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _dataLength + size));
        }

        int offset = _dataLength;
        MemoryMarshal.Write(_data.AsSpan(offset, size), in value);
        _dataLength += size;
        return offset;
    }

    private void Reset()
    {
        _commands.Clear();
        _dataLength = 0;
        _pending = 0;
        _recording = NextRecordingToken();
    }

    /// <summary>A process-unique positive token per recording; only ever compared for equality, never observable in output.</summary>
    private static int NextRecordingToken()
    {
        int token;
        do
        {
            token = Interlocked.Increment(ref recordingTokens) & int.MaxValue;
        }
        while (token == 0);
        return token;
    }

    private enum CommandKind : byte
    {
        Create,
        Destroy,
        Add,
        Remove,
        Set,
    }

    private readonly record struct Command(CommandKind Kind, Entity Entity, int ComponentId, int DataOffset, int DataLength);
}

/// <summary>A command of a <see cref="CommandBuffer"/> failed during playback.</summary>
public sealed class CommandPlaybackException : InvalidOperationException
{
    /// <summary>Creates the exception for the command at <paramref name="index"/>.</summary>
    public CommandPlaybackException(int index, string kind, Exception inner)
        : base($"Command #{index} ({kind}) failed during playback: {inner?.Message}", inner)
    {
        Index = index;
    }

    /// <summary>Position of the failed command in recording order.</summary>
    public int Index { get; }
}
