using System.Text;

namespace Sim.Export.Ledger;

/// <summary>Reads RFC 4180 records (quoted fields with doubled quotes, CRLF or LF line ends) from a UTF-8 file, one
/// record at a time.</summary>
internal sealed class CsvRecordReader : IDisposable
{
    private readonly StreamReader _reader;
    private readonly StringBuilder _field = new();
    private int _nextLine = 1;

    /// <summary>Opens <paramref name="path"/>.</summary>
    public CsvRecordReader(string path)
    {
        Path = path;
        _reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line the last record read began on.</summary>
    public int Line { get; private set; }

    /// <summary>Reads the next record's fields into <paramref name="fields"/> (cleared first).</summary>
    /// <returns>False at the end of the file.</returns>
    /// <exception cref="LedgerFormatException">A quoted field is not closed, or text follows a closing quote.</exception>
    public bool Read(List<string> fields)
    {
        fields.Clear();
        int c = _reader.Read();
        if (c < 0)
        {
            return false;
        }

        Line = _nextLine;
        while (true)
        {
            _field.Clear();
            if (c == '"')
            {
                while (true)
                {
                    c = _reader.Read();
                    if (c < 0)
                    {
                        throw new LedgerFormatException(Path, $"line {Line}", "a quoted field is not closed");
                    }

                    if (c == '"')
                    {
                        if (_reader.Peek() != '"')
                        {
                            c = _reader.Read();
                            break;
                        }

                        _reader.Read();
                    }
                    else if (c == '\n')
                    {
                        _nextLine++;
                    }

                    _field.Append((char)c);
                }

                if (c is not (',' or '\n' or '\r' or -1))
                {
                    throw new LedgerFormatException(Path, $"line {Line}", $"'{(char)c}' follows a closing quote");
                }
            }
            else
            {
                while (c is not (',' or '\n' or '\r' or -1))
                {
                    _field.Append((char)c);
                    c = _reader.Read();
                }
            }

            fields.Add(_field.ToString());
            if (c == ',')
            {
                c = _reader.Read();
                continue;
            }

            if (c == '\r' && _reader.Peek() == '\n')
            {
                _reader.Read();
            }

            _nextLine++;
            return true;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _reader.Dispose();
}
