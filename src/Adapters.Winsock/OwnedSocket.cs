using System.Net.Sockets;
using PortReservation.Domain;

namespace PortReservation.Adapters.Winsock;

/// <summary>A real socket the adapter opened and handed out under a <see cref="SocketId"/>.</summary>
/// <param name="Socket">The socket; disposing it ends the runtime reservations acquired on it.</param>
/// <param name="Protocol">TCP or UDP.</param>
/// <param name="IsAssociated">Whether SIO_ASSOCIATE_PORT_RESERVATION succeeded on it.</param>
internal sealed record OwnedSocket(Socket Socket, Protocol Protocol, bool IsAssociated)
{
    /// <summary>Neither bound nor associated: the state in which associate is allowed.</summary>
    public bool IsFresh => !IsAssociated && !Socket.IsBound;
}
