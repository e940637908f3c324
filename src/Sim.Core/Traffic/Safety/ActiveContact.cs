namespace Sim.Core.Traffic.Safety;

/// <summary>
/// A pair of actors in contact after the latest step, kept as an entity of its own so that the contact state is part
/// of world snapshots: a run resumed from a snapshot does not report a lasting contact again. Maintained by the
/// <see cref="CollisionSystem"/>.
/// </summary>
/// <param name="Low">The smaller stable id.</param>
/// <param name="High">The larger stable id.</param>
public readonly record struct ActiveContact(ulong Low, ulong High);
