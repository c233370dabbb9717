#!/usr/bin/perl
# tests/static/shell-words.pl FILE... — print "FILE WORD" for the first word
# of every simple command in these shell scripts (heuristic: quoted text,
# here-documents, comments and the scripts' own functions are skipped).
# tests/static/deps.t uses it to find the programs the scripts call.
use strict; use warnings;
my %kw = map { $_ => 1 } qw(if then else elif fi for while until do done case esac in function select time return exit local export unset set shift break continue declare readonly trap wait eval exec source alias true false test echo printf read cd pwd kill let type command builtin getopts hash umask ulimit jobs mapfile readarray compgen complete shopt printf pushd popd dirs disown fg bg enable help history logout suspend times);
for my $f (@ARGV) {
    open my $fh, '<', $f or die "$f: $!";
    my %fn; my @lines = <$fh>; close $fh;
    for (@lines) { $fn{$1} = 1 if /^\s*([A-Za-z_][\w-]*)\s*\(\)/ }
    my $inheredoc;
    for my $l (@lines) {
        if (defined $inheredoc) { $inheredoc = undef if $l =~ /^\s*\Q$inheredoc\E\s*$/; next }
        if ($l =~ /<<-?\s*['"]?(\w+)['"]?/) { $inheredoc = $1 }
        next if $l =~ /^\s*#/;
        $l =~ s/(^|\s)#.*$//;
        $l =~ s/'[^']*'/''/g;               # single-quoted text is not code
        for my $seg (split /\|\||&&|[|;]|\$\(|`|\bthen\b|\bdo\b|\belse\b/, $l) {
            $seg =~ s/^\s*(?:[!{(]\s*)*//;
            $seg =~ s/^(?:\w+=\S*\s+)+//;     # VAR=value cmd
            next unless $seg =~ /^([A-Za-z_][\w.+-]*)(?=\s|$)/;
            my $w = $1;
            next if $kw{$w} || $fn{$w};
            print "$f $w\n";
        }
    }
}
