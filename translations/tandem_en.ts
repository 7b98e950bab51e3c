<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>Tandem::Cli</name>
    <message numerus="yes">
        <source>(first %Ln shown; --limit N for more)</source>
        <translation>
            <numerusform>(first %Ln shown; --limit N for more)</numerusform>
            <numerusform>(first %Ln shown; --limit N for more)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %2, %Ln attempt(s)</source>
        <translation>
            <numerusform>%1: %2, %Ln attempt</numerusform>
            <numerusform>%1: %2, %Ln attempts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>replayed %Ln dead delivery(s)</source>
        <translation>
            <numerusform>replayed %Ln dead delivery</numerusform>
            <numerusform>replayed %Ln dead deliveries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>discarded %Ln dead delivery(s)</source>
        <translation>
            <numerusform>discarded %Ln dead delivery</numerusform>
            <numerusform>discarded %Ln dead deliveries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln message</numerusform>
            <numerusform>%Ln messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln line(s)</source>
        <translation>
            <numerusform>%Ln line</numerusform>
            <numerusform>%Ln lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1; %Ln unpublished row(s) (the oldest written %2 ago)</source>
        <translation>
            <numerusform>%1; %Ln unpublished row (the oldest written %2 ago)</numerusform>
            <numerusform>%1; %Ln unpublished rows (the oldest written %2 ago)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1; %Ln unpublished row(s)</source>
        <translation>
            <numerusform>%1; %Ln unpublished row</numerusform>
            <numerusform>%1; %Ln unpublished rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>imported %Ln target(s)</source>
        <translation>
            <numerusform>imported %Ln target</numerusform>
            <numerusform>imported %Ln targets</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tandem::Store</name>
    <message numerus="yes">
        <source>target &quot;%1&quot; still has %n undelivered delivery(s) (pending, in flight or dead); disable it, let them finish and discard the dead ones first</source>
        <translation>
            <numerusform>target &quot;%1&quot; still has %n undelivered delivery (pending, in flight or dead); disable it, let them finish and discard the dead ones first</numerusform>
            <numerusform>target &quot;%1&quot; still has %n undelivered deliveries (pending, in flight or dead); disable it, let them finish and discard the dead ones first</numerusform>
        </translation>
    </message>
</context>
</TS>
